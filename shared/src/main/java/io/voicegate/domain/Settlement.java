package io.voicegate.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * How a terminal request's money ends: a failure refunds the whole hold; a success charges Kling's units at the
 * price per unit (half-up to a whole micro-dollar) and returns the difference from the hold as one adjustment. When
 * the units are missing or not a non-negative decimal, the hold stands as the charge.
 */
public record Settlement(LedgerEntryKind kind, Money balanceChange, Billing billing, boolean unitsMissing) {

    public static Optional<Settlement> of(Request request, Money pricePerUnit) {
        Billing billing = request.billing();
        if (!request.status().isTerminal() || billing.state() != BillingState.HELD) {
            return Optional.empty();
        }
        Money held = billing.held();
        if (request.status() == RequestStatus.FAILED) {
            return Optional.of(new Settlement(LedgerEntryKind.REFUND, held,
                    new Billing(BillingState.REFUNDED, held, Money.ZERO, held), false));
        }
        Optional<BigDecimal> units = request.klingUnits().flatMap(Settlement::parseUnits);
        Money charge = units.map(u -> Money.ofUnits(u, pricePerUnit)).orElse(held);
        Money change = held.minus(charge);
        Money refunded = change.isPositive() ? change : Money.ZERO;
        return Optional.of(new Settlement(LedgerEntryKind.SETTLE, change,
                new Billing(BillingState.SETTLED, held, charge, refunded), units.isEmpty()));
    }

    private static Optional<BigDecimal> parseUnits(String text) {
        try {
            BigDecimal units = new BigDecimal(text.trim());
            return units.signum() < 0 ? Optional.empty() : Optional.of(units);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The ledger entry this settlement writes; its id is deterministic, so a replay finds it already there. */
    public LedgerEntry entry(Request request, Instant now) {
        return new LedgerEntry(kind.entryId(request.requestId()), request.accountId(), request.requestId(), kind,
                balanceChange, now);
    }
}
