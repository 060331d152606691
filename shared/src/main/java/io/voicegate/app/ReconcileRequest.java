package io.voicegate.app;

import io.voicegate.domain.Money;
import io.voicegate.domain.Request;
import io.voicegate.domain.Settlement;
import io.voicegate.domain.VoiceNames;
import io.voicegate.port.DeliveryQueue;
import io.voicegate.port.RequestStore;
import io.voicegate.port.VoiceNameReleases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Settles a terminal request's money exactly once: a refund of the whole hold on failure, or on success one
 * adjustment to Kling's units at the configured price. Replays (stream retries, the sweeper) find the request already
 * settled and change nothing. A settled request's final record is then queued for delivery: also on a replay, so a
 * delivery lost after the settlement is queued again (deliveries are at least once, with a stable webhook id).
 */
public class ReconcileRequest {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileRequest.class);

    public enum Result { SETTLED, ALREADY_SETTLED, NOT_TERMINAL, UNKNOWN }

    private final RequestStore requests;
    private final DeliveryQueue deliveries;
    private final Function<String, Optional<Money>> balances;
    private final Money pricePerUnit;
    private final Clock clock;
    private final VoiceNameReleases names;
    private final AtomicLong missingUnits = new AtomicLong();
    private final AtomicLong negativeBalances = new AtomicLong();

    public ReconcileRequest(RequestStore requests, DeliveryQueue deliveries, Money pricePerUnit, Clock clock) {
        this(requests, deliveries, accountId -> Optional.empty(), pricePerUnit, clock);
    }

    /**
     * @param balances an account's balance now, read only after a settlement that charged more than the hold (the
     *                 one way a balance goes below zero), to count it
     */
    public ReconcileRequest(RequestStore requests, DeliveryQueue deliveries, Function<String, Optional<Money>> balances,
                            Money pricePerUnit, Clock clock) {
        this(requests, deliveries, balances, (accountId, name, requestId) -> { }, pricePerUnit, clock);
    }

    /**
     * @param names frees the voice name of a request that ends without a voice (failed, canceled, or a success
     *              without voices), on every pass, so a replay after a crash between the settlement and the release
     *              still frees it
     */
    public ReconcileRequest(RequestStore requests, DeliveryQueue deliveries, Function<String, Optional<Money>> balances,
                            VoiceNameReleases names, Money pricePerUnit, Clock clock) {
        this.names = names;
        this.balances = balances;
        this.requests = requests;
        this.deliveries = deliveries;
        this.pricePerUnit = pricePerUnit;
        this.clock = clock;
    }

    public Result reconcile(String requestId) {
        Optional<Request> found = requests.find(requestId);
        if (found.isEmpty()) {
            return Result.UNKNOWN;
        }
        Request request = found.get();
        if (!request.status().isTerminal()) {
            return Result.NOT_TERMINAL;
        }
        Optional<Settlement> settlement = Settlement.of(request, pricePerUnit);
        boolean settled = settlement.isPresent() && requests.settle(request, settlement.get(), clock.instant());
        if (request.releasesVoiceName()) {
            names.release(request.accountId(), VoiceNames.claimKey(VoiceNames.clientName(request.payload())),
                    requestId);
        }
        if (!settled) {
            deliveries.enqueue(requestId);
            return Result.ALREADY_SETTLED;
        }
        if (settlement.get().unitsMissing()) {
            missingUnits.incrementAndGet();
            LOG.warn("request {} succeeded without usable final_unit_deduction ({}); the hold stands as its charge "
                    + "[metric: settlements_without_units]", requestId, request.klingUnits().orElse("absent"));
        }
        LOG.info("request {} {}: balance change {} micros", requestId, settlement.get().kind().wireName(),
                settlement.get().balanceChange().micros());
        if (settlement.get().balanceChange().isNegative()) {
            noteNegativeBalance(request);
        }
        deliveries.enqueue(requestId);
        return Result.SETTLED;
    }

    /**
     * Kling's units cost more than the hold, so the balance may now be below zero. That stands (we owe what Kling
     * charged) and new submits are refused until the balance covers a hold; it is logged and counted.
     */
    private void noteNegativeBalance(Request request) {
        balances.apply(request.accountId()).filter(Money::isNegative).ifPresent(balance -> {
            negativeBalances.incrementAndGet();
            LOG.warn("account {} balance is {} micros after settling request {} [metric: negative_balances]",
                    request.accountId(), balance.micros(), request.requestId());
        });
    }

    /** How many settlements of this instance left an account's balance below zero. */
    public long negativeBalances() {
        return negativeBalances.get();
    }

    /** How many successes this instance settled without usable units (the hold stood). */
    public long settlementsWithoutUnits() {
        return missingUnits.get();
    }
}
