package io.voicegate.local.contract;

import io.voicegate.local.LocalEngines;
import io.voicegate.port.AccountDirectoryContract;
import io.voicegate.port.Storage;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@link io.voicegate.port.AccountDirectory} contract on {@code DynamoAccountDirectory} and the local DynamoDB engine.
 */
class DynamoAccountDirectoryIT extends AccountDirectoryContract {

    @RegisterExtension
    static final LocalEngines ENGINES = LocalEngines.dynamo();

    private final Storage storage = DynamoStorage.on(ENGINES);

    @Override
    protected Storage storage() {
        return storage;
    }
}
