package io.voicegate.local.contract;

import io.voicegate.ddbengine.fault.FaultRule;
import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.Money;
import io.voicegate.local.LocalEngines;
import io.voicegate.port.AccountStoreContract;
import io.voicegate.port.StoreBusyException;
import io.voicegate.port.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@link io.voicegate.port.AccountStore} contract on {@code DynamoAccountStore} and the local DynamoDB engine. */
class DynamoAccountStoreIT extends AccountStoreContract {

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

    /** Only a failed condition means "exists": a conflict cancels the transaction too, and is worth a retry. */
    @Test
    void anAccountOpeningCancelledByAConflictIsBusyNotExists() {
        String account = "acct-" + UUID.randomUUID();
        String key = ApiKeys.PREFIX + UUID.randomUUID();
        ENGINES.engine().faults().add(FaultRule.transactionConflict(1.0, "TransactWriteItems"));

        assertThatThrownBy(() -> storage.accounts().create(account, Money.ofMicros(1), ApiKeys.hash(key), "last",
                Storage.SECRET, storage.clock().instant())).isInstanceOf(StoreBusyException.class);

        ENGINES.engine().faults().clear();
        assertThat(storage.accounts().snapshot(account, 1)).isEmpty();
        storage.accounts().create(account, Money.ofMicros(1), ApiKeys.hash(key), "last", Storage.SECRET,
                storage.clock().instant());
    }
}
