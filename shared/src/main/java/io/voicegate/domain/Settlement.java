package io.voicegate.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How a terminal request's money ends, and what ends with it: a failure refunds the whole hold; a success charges
 * Kling's units at its model's price per unit (half-up to a whole micro-dollar) and returns the difference from the
 * hold as one adjustment. When the units are unusable — missing, not a plain decimal, or above {@link #MAX_UNITS} —
 * the hold stands as the charge (DESIGN §2), and {@code unitsMissing} says so for the log and the metric.
 *
 * <p>In the same write the voices a success created become the account's ({@code voices}), and a request that ends
 * without a voice frees the voice name it claimed ({@code releasedName}, a {@link VoiceNames#claimKey}); the stores
 * write what the settlement says and decide none of it.
 */
public record Settlement(LedgerEntryKind kind, Money balanceChange, Billing billing, boolean unitsMissing,
                         List<OwnedVoice> voices, Optional<String> releasedName) {

    /**
     * The most units one custom-voice task may plausibly cost: 2,000 times Kling's published 0.05 units per call
     * (Kling API notes §5 "Billing"); anything above is a wrong answer, not a charge to pass on.
     */
    public static final BigDecimal MAX_UNITS = new BigDecimal("100");

    public Settlement {
        voices = List.copyOf(voices);
    }

    /**
     * The settlement of a terminal request still holding its pre-charge; empty for an open or settled one.
     *
     * @param catalog the models and their prices: a success is charged at its own model's price per unit (a model
     *                no longer served lets the hold stand)
     * @param now     when the settlement is written, the time its voices become the account's
     */
    public static Optional<Settlement> of(Request request, ModelCatalog catalog, Instant now) {
        Billing billing = request.billing();
        if (!request.status().isTerminal() || billing.state() != BillingState.HELD) {
            return Optional.empty();
        }
        Money held = billing.held();
        List<OwnedVoice> voices = request.ownedVoices(now);
        Optional<String> releasedName = request.releasedName();
        if (request.status() == RequestStatus.FAILED) {
            return Optional.of(new Settlement(LedgerEntryKind.REFUND, held,
                    new Billing(BillingState.REFUNDED, held, Money.ZERO, held), false, voices, releasedName));
        }
        Optional<BigDecimal> units = request.klingUnits().filter(u -> u.compareTo(MAX_UNITS) <= 0);
        Money charge = units.flatMap(u -> catalog.find(request.model()).map(m -> Money.ofUnits(u, m.pricePerUnit())))
                .orElse(held);
        Money change = held.minus(charge);
        Money refunded = change.isPositive() ? change : Money.ZERO;
        return Optional.of(new Settlement(LedgerEntryKind.SETTLE, change,
                new Billing(BillingState.SETTLED, held, charge, refunded), units.isEmpty(), voices, releasedName));
    }

    /** The ledger entry this settlement writes; its id is deterministic, so a replay finds it already there. */
    public LedgerEntry entry(Request request, Instant now) {
        return new LedgerEntry(kind.entryId(request.requestId()), request.accountId(), request.requestId(), kind,
                balanceChange, now);
    }
}
