package io.voicegate.domain.reconciliation;

import io.voicegate.domain.Request;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * What our records say about one request that reached Kling: its Kling task, whether its money is settled, and the
 * units we charged for a settled success (empty otherwise: still held, refunded — which the matching reads as
 * {@code 0} — or settled without Kling's units, when the hold stood).
 */
public record OurCharge(String requestId, String klingTaskId, Instant createdAt, State state,
                        Optional<BigDecimal> chargedUnits) {

    /** Where the request's money stands. */
    public enum State { HELD, SETTLED, REFUNDED }

    /**
     * The charge a stored request stands for: empty when it never reached Kling (no task id) or held nothing (refused
     * at intake). The one reading of a request for the reconciliation, for every {@code ChargeRecords}.
     */
    public static Optional<OurCharge> of(Request request) {
        if (request.klingTaskId().isEmpty()) {
            return Optional.empty();
        }
        Optional<State> state = switch (request.billing().state()) {
            case HELD -> Optional.of(State.HELD);
            case SETTLED -> Optional.of(State.SETTLED);
            case REFUNDED -> Optional.of(State.REFUNDED);
            case NONE -> Optional.empty();
        };
        return state.map(s -> new OurCharge(request.requestId(), request.klingTaskId().get(), request.createdAt(), s,
                s == State.SETTLED ? request.klingUnits() : Optional.empty()));
    }
}
