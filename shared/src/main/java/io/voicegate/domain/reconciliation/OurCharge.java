package io.voicegate.domain.reconciliation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * What our records say about one request that reached Kling: its Kling task, whether its money is settled, and the
 * units we charged for it ({@code 0} for a refund; empty while the hold stands: not yet settled, or settled without
 * Kling's units).
 */
public record OurCharge(String requestId, String klingTaskId, Instant createdAt, State state,
                        Optional<BigDecimal> chargedUnits) {

    /** Where the request's money stands. */
    public enum State { HELD, SETTLED, REFUNDED }
}
