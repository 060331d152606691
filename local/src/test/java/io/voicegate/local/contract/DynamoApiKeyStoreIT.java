package io.voicegate.local.contract;

import io.voicegate.local.LocalEngines;
import io.voicegate.port.ApiKeyStoreContract;
import io.voicegate.port.Storage;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@link io.voicegate.port.ApiKeyStore} contract on {@code DynamoApiKeys} and the local DynamoDB engine. */
class DynamoApiKeyStoreIT extends ApiKeyStoreContract {

    @RegisterExtension
    static final LocalEngines ENGINES = LocalEngines.dynamo();

    private final Storage storage = DynamoStorage.on(ENGINES);

    @Override
    protected Storage storage() {
        return storage;
    }
}
