package io.voicegate.app;

import io.voicegate.domain.RequestBuilder;
import io.voicegate.domain.reconciliation.OurCharge;
import io.voicegate.port.ChargeRecords;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link ChargeRecords} over the requests of an {@link InMemoryRequestStore}, as the adapter reads its table. */
public final class InMemoryChargeRecords implements ChargeRecords {

    private final InMemoryRequestStore store;

    public InMemoryChargeRecords(InMemoryRequestStore store) {
        this.store = store;
    }

    @Override
    public List<OurCharge> createdBetween(String accountId, Instant from, Instant to) {
        synchronized (store) {
            return store.requests.values().stream()
                    .filter(r -> r.accountId().equals(accountId))
                    .filter(r -> r.createdAt().getEpochSecond() >= from.getEpochSecond()
                            && r.createdAt().getEpochSecond() < to.getEpochSecond())
                    // stored times are whole seconds, as in DynamoDB
                    .map(r -> RequestBuilder.from(r).createdAt(Instant.ofEpochSecond(r.createdAt().getEpochSecond()))
                            .build())
                    .map(OurCharge::of).flatMap(Optional::stream).toList();
        }
    }
}
