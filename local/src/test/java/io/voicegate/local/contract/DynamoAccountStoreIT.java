package io.voicegate.local.contract;

import io.voicegate.local.LocalEngines;
import io.voicegate.port.AccountStoreContract;
import io.voicegate.port.Storage;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@link io.voicegate.port.AccountStore} contract on {@code DynamoAccountStore} and the local DynamoDB engine. */
class DynamoAccountStoreIT extends AccountStoreContract {

    @RegisterExtension
    static final LocalEngines ENGINES = LocalEngines.dynamo();

    private final Storage storage = DynamoStorage.on(ENGINES);

    @Override
    protected Storage storage() {
        return storage;
    }
}
