package io.voicegate.app;

import io.voicegate.port.Storage;

import java.time.Duration;
import java.time.Instant;

/** The in-memory fakes of every storage port, over one {@link InMemoryRequestStore}: what use-case tests stand on. */
public final class InMemoryStorage {

    private InMemoryStorage() {
    }

    /** A fresh, empty storage on a clock that starts at {@code start}; idempotency records are kept 24 hours. */
    public static Storage create(Instant start) {
        MutableClock clock = new MutableClock(start);
        InMemoryRequestStore store = new InMemoryRequestStore();
        InMemoryAccounts accounts = new InMemoryAccounts(store, clock, Duration.ofHours(24));
        return new Storage(store, accounts, accounts, accounts, accounts, new InMemoryLedger(store),
                new InMemoryDeliveryLog(), new InMemoryChargeRecords(store), new InMemoryReconciliationReports(),
                clock);
    }
}
