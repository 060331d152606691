package io.voicegate.local.contract;

import io.voicegate.local.LocalEngines;
import io.voicegate.port.LedgerStoreContract;
import io.voicegate.port.Storage;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@link io.voicegate.port.LedgerStore} contract on {@code DynamoLedger} and the local DynamoDB engine. */
class DynamoLedgerStoreIT extends LedgerStoreContract {

    @RegisterExtension
    static final LocalEngines ENGINES = LocalEngines.dynamo();

    private final Storage storage = DynamoStorage.on(ENGINES);

    @Override
    protected Storage storage() {
        return storage;
    }
}
