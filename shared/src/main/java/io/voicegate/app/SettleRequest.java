package io.voicegate.app;

import io.voicegate.domain.ModelCatalog;
import io.voicegate.domain.Money;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.Settlement;
import io.voicegate.domain.kling.KlingUnits;
import io.voicegate.domain.BillingState;
import io.voicegate.port.DeliveryQueue;
import io.voicegate.port.FinalRecords;
import io.voicegate.port.Metrics;
import io.voicegate.port.RequestStore;
import io.voicegate.port.VoiceNameReleases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Settles a terminal request's money exactly once: a refund of the whole hold on failure, or on success one
 * adjustment to Kling's units at the configured price. Replays (stream retries, the sweeper) find the request already
 * settled and change nothing. A settled request's final record is then queued for delivery, carried by the message:
 * also on a replay, so a delivery lost after the settlement is queued again (deliveries are at least once, with a
 * stable webhook id).
 */
public class SettleRequest {

    private static final Logger LOG = LoggerFactory.getLogger(SettleRequest.class);

    public enum Result { SETTLED, ALREADY_SETTLED, NOT_TERMINAL, UNKNOWN }

    private final RequestStore requests;
    private final DeliveryQueue deliveries;
    private final Function<String, Optional<Money>> balances;
    private final ModelCatalog catalog;
    private final Clock clock;
    private final VoiceNameReleases names;
    private final Metrics metrics;
    private final Optional<FinalRecords> records;
    private final AtomicLong missingUnits = new AtomicLong();
    private final AtomicLong negativeBalances = new AtomicLong();

    /**
     * @param balances an account's balance now, read only after a settlement that charged more than the hold (the
     *                 one way a balance goes below zero), to count it
     * @param names    frees the voice name of a request that ends without a voice (failed, canceled, or a success
     *                 without voices) when a replay finds it settled already, so a settlement made before the release
     *                 was part of its transaction still frees it
     * @param records  renders the final record the delivery message carries, so the delivery needs no read; without
     *                 it the message names the request only
     * @param catalog  the models served, with each one's price per Kling unit
     * @param metrics  counts each settlement's money, each refunded failure by its {@code error_code}, successes
     *                 settled without units and balances left negative
     */
    public SettleRequest(RequestStore requests, DeliveryQueue deliveries, Function<String, Optional<Money>> balances,
                         VoiceNameReleases names, Optional<FinalRecords> records, ModelCatalog catalog, Clock clock,
                         Metrics metrics) {
        this.metrics = metrics;
        this.names = names;
        this.balances = balances;
        this.requests = requests;
        this.deliveries = deliveries;
        this.records = records;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Settles the request read by its id (the sweeper). */
    public Result settle(String requestId) {
        return requests.find(requestId).map(this::settle).orElse(Result.UNKNOWN);
    }

    /**
     * Settles the request as its stream record shows it, terminal: nothing is read first. The settlement's
     * conditions make a replay of an older image change nothing.
     */
    public Result settle(Request request) {
        String requestId = request.requestId();
        if (!request.status().isTerminal()) {
            return Result.NOT_TERMINAL;
        }
        Instant at = clock.instant();
        Optional<Settlement> settlement = Settlement.of(request, catalog, at);
        if (settlement.isEmpty()) {
            // Nothing was held (refused at intake) or it is settled already: only the delivery and the name remain.
            releaseName(request);
            deliver(request);
            return Result.ALREADY_SETTLED;
        }
        RequestStore.Settle settle = requests.settle(request, settlement.get(), at);
        if (settle.request().isEmpty()) {
            return Result.UNKNOWN;
        }
        Request now = settle.request().get();
        if (!settle.settledNow()) {
            releaseName(now);
            deliver(now);
            return Result.ALREADY_SETTLED;
        }
        metrics.settled(settlement.get().billing().charged(), settlement.get().billing().refunded());
        request.outcome().flatMap(Outcome::errorCode).ifPresent(metrics::requestFailed);
        if (settlement.get().unitsMissing()) {
            missingUnits.incrementAndGet();
            metrics.settledWithoutUnits();
            LOG.warn("request {} succeeded without usable final_unit_deduction ({}); the hold stands as its charge "
                    + "[metric: settlements_without_units]", requestId,
                    request.klingUnits().map(KlingUnits::text).orElse("absent"));
        }
        if (request.status() == RequestStatus.SUCCESS && catalog.find(request.model()).isEmpty()) {
            LOG.warn("request {}: its model {} is no longer served, so it has no price per unit; the hold stands as "
                    + "its charge", requestId, request.model());
        }
        LOG.info("request {} {}: balance change {} micros", requestId, settlement.get().kind().wireName(),
                settlement.get().balanceChange().micros());
        if (settlement.get().balanceChange().isNegative()) {
            noteNegativeBalance(request);
        }
        deliver(now);
        return Result.SETTLED;
    }

    private void releaseName(Request request) {
        request.releasedName().ifPresent(name -> names.release(request.accountId(), name, request.requestId()));
    }

    /** Queues the final record; also on a replay, so a delivery lost after the settlement is queued again. */
    private void deliver(Request settled) {
        if (records.isEmpty() || settled.billing().state() == BillingState.HELD) {
            deliveries.enqueue(settled.requestId());
            return;
        }
        deliveries.enqueue(new DeliveryQueue.FinalRecord(settled.requestId(), settled.accountId(),
                settled.webhookUrl(), records.get().render(settled)));
    }

    /**
     * Kling's units cost more than the hold, so the balance may now be below zero. That stands (we owe what Kling
     * charged) and new submits are refused until the balance covers a hold; it is logged and counted.
     */
    private void noteNegativeBalance(Request request) {
        balances.apply(request.accountId()).filter(Money::isNegative).ifPresent(balance -> {
            negativeBalances.incrementAndGet();
            metrics.balanceWentNegative();
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
