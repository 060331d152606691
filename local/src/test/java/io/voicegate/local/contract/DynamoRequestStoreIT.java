package io.voicegate.local.contract;

import io.voicegate.ddbengine.fault.FaultRule;
import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.Request;
import io.voicegate.local.LocalEngines;
import io.voicegate.port.RequestStoreContract;
import io.voicegate.port.StoreBusyException;
import io.voicegate.port.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Optional;

import static io.voicegate.domain.RequestBuilder.aRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link io.voicegate.port.RequestStore} contract on {@code DynamoRequestStore} and the local DynamoDB engine, and
 * what only DynamoDB can do to it: cancel a transaction for a reason that is no failed condition.
 */
class DynamoRequestStoreIT extends RequestStoreContract {

    @RegisterExtension
    static final LocalEngines ENGINES = LocalEngines.dynamo();

    private final Storage storage = DynamoStorage.on(ENGINES);

    @Override
    protected Storage storage() {
        return storage;
    }

    @AfterEach
    void clearFaults() {
        ENGINES.engine().faults().clear();
    }

    @Test
    void aTransactionCancelledByAConflictIsBusyNotExistsNorInsufficient() {
        String account = storage.openAccount(1_000_000);
        Request request = aRequest().account(account).createdAt(storage.clock().instant()).build();
        ENGINES.engine().faults().add(FaultRule.transactionConflict(1.0, "TransactWriteItems"));

        assertThatThrownBy(() -> storage.requests().insert(request, Optional.of(LedgerEntry.hold(request)),
                Optional.empty())).isInstanceOf(StoreBusyException.class);

        ENGINES.engine().faults().clear();
        assertThat(storage.requests().find(request.requestId())).isEmpty();
        assertThat(storage.balance(account)).isEqualTo(1_000_000);
        storage.requests().insert(request, Optional.of(LedgerEntry.hold(request)), Optional.empty());
        assertThat(storage.requests().find(request.requestId())).isPresent();
    }
}
