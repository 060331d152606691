package io.voicegate.app;

import io.voicegate.domain.Request;
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
                    .filter(r -> r.accountId().equals(accountId) && r.klingTaskId().isPresent())
                    .filter(r -> r.createdAt().getEpochSecond() >= from.getEpochSecond()
                            && r.createdAt().getEpochSecond() < to.getEpochSecond())
                    .map(InMemoryChargeRecords::charge).flatMap(Optional::stream).toList();
        }
    }

    private static Optional<OurCharge> charge(Request request) {
        OurCharge.State state = switch (request.billing().state()) {
            case HELD -> OurCharge.State.HELD;
            case SETTLED -> OurCharge.State.SETTLED;
            case REFUNDED -> OurCharge.State.REFUNDED;
            case NONE -> null;
        };
        if (state == null) {
            return Optional.empty();
        }
        return Optional.of(new OurCharge(request.requestId(), request.klingTaskId().get(),
                Instant.ofEpochSecond(request.createdAt().getEpochSecond()), state,
                state == OurCharge.State.SETTLED ? request.klingUnits()
                        : Optional.empty()));
    }
}
