package io.voicegate.local.contract;

import io.voicegate.local.LocalEngines;
import io.voicegate.port.ReconciliationReportsContract;
import io.voicegate.port.Storage;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@link io.voicegate.port.ReconciliationReports} contract on {@code DynamoReconciliationReports} and the local DynamoDB engine.
 */
class DynamoReconciliationReportsIT extends ReconciliationReportsContract {

    @RegisterExtension
    static final LocalEngines ENGINES = LocalEngines.dynamo();

    private final Storage storage = DynamoStorage.on(ENGINES);

    @Override
    protected Storage storage() {
        return storage;
    }
}
