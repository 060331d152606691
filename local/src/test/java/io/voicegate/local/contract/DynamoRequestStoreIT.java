package io.voicegate.local.contract;

import io.voicegate.local.LocalEngines;
import io.voicegate.port.RequestStoreContract;
import io.voicegate.port.Storage;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@link io.voicegate.port.RequestStore} contract on {@code DynamoRequestStore} and the local DynamoDB engine. */
class DynamoRequestStoreIT extends RequestStoreContract {

    @RegisterExtension
    static final LocalEngines ENGINES = LocalEngines.dynamo();

    private final Storage storage = DynamoStorage.on(ENGINES);

    @Override
    protected Storage storage() {
        return storage;
    }
}
