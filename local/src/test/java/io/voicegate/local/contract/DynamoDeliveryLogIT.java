package io.voicegate.local.contract;

import io.voicegate.local.LocalEngines;
import io.voicegate.port.DeliveryLogContract;
import io.voicegate.port.Storage;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@link io.voicegate.port.DeliveryLog} contract on {@code DynamoDeliveryLog} and the local DynamoDB engine. */
class DynamoDeliveryLogIT extends DeliveryLogContract {

    @RegisterExtension
    static final LocalEngines ENGINES = LocalEngines.dynamo();

    private final Storage storage = DynamoStorage.on(ENGINES);

    @Override
    protected Storage storage() {
        return storage;
    }
}
