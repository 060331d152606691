package io.voicegate.local.contract;

import io.voicegate.local.LocalEngines;
import io.voicegate.port.IdempotencyStoreContract;
import io.voicegate.port.Storage;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@link io.voicegate.port.IdempotencyStore} contract on {@code DynamoAccountStore} and the local DynamoDB engine.
 */
class DynamoIdempotencyStoreIT extends IdempotencyStoreContract {

    @RegisterExtension
    static final LocalEngines ENGINES = LocalEngines.dynamo();

    private final Storage storage = DynamoStorage.on(ENGINES);

    @Override
    protected Storage storage() {
        return storage;
    }
}
