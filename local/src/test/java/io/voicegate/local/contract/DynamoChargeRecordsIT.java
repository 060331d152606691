package io.voicegate.local.contract;

import io.voicegate.local.LocalEngines;
import io.voicegate.port.ChargeRecordsContract;
import io.voicegate.port.Storage;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@link io.voicegate.port.ChargeRecords} contract on {@code DynamoChargeRecords} and the local DynamoDB engine.
 */
class DynamoChargeRecordsIT extends ChargeRecordsContract {

    @RegisterExtension
    static final LocalEngines ENGINES = LocalEngines.dynamo();

    private final Storage storage = DynamoStorage.on(ENGINES);

    @Override
    protected Storage storage() {
        return storage;
    }
}
