package io.voicegate.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a terminal request's money ends: a failure refunds the whole hold; a success charges Kling's units at the
 * price per unit (half-up to a whole micro-dollar) and returns the difference from the hold as one adjustment. When
 * the units are unusable — missing, not a plain decimal, negative, or above {@link #MAX_UNITS} — the hold stands as
 * the charge (DESIGN §2), and {@code unitsMissing} says so for the log and the metric.
 */
public record Settlement(LedgerEntryKind kind, Money balanceChange, Billing billing, boolean unitsMissing) {

    /**
     * The most units one custom-voice task may plausibly cost: 2,000 times Kling's published 0.05 units per call
     * (Kling API notes §5 "Billing"); anything above is a wrong answer, not a charge to pass on.
     */
    public static final BigDecimal MAX_UNITS = new BigDecimal("100");
    /** Longest units text worth parsing or keeping. */
    public static final int MAX_UNITS_TEXT = 64;
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,18})?");

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

    /** Units Kling reported, when usable: a plain non-negative decimal (no exponent, sign or space) ≤ the maximum. */
    public static Optional<BigDecimal> parseUnits(String text) {
        if (text.length() > MAX_UNITS_TEXT || !DECIMAL.matcher(text).matches()) {
            return Optional.empty();
        }
        BigDecimal units = new BigDecimal(text);
        return units.compareTo(MAX_UNITS) > 0 ? Optional.empty() : Optional.of(units);
    }

    /** The ledger entry this settlement writes; its id is deterministic, so a replay finds it already there. */
    public LedgerEntry entry(Request request, Instant now) {
        return new LedgerEntry(kind.entryId(request.requestId()), request.accountId(), request.requestId(), kind,
                balanceChange, now);
    }
}
