package io.voicegate.port;

import io.voicegate.domain.Money;

import java.util.function.Supplier;

/**
 * The business events an operator counts and pages on. The use cases call one method per event as it happens (once
 * per event: a replay that changes nothing records nothing); the calls only record, and {@link #flush()} publishes
 * what was recorded. A function's handler flushes once per invocation ({@link #flushAfter}). Recording and flushing
 * never throw: a metric that cannot be published must not fail work that is already done.
 */
public interface Metrics {

    /** Records nothing: for wiring without metrics (tests, and the local stack unless asked to print them). */
    Metrics NONE = new Discarded();

    /** A new request was accepted and its pre-charge held (over HTTP or SQS; an idempotent replay is not new). */
    void requestSubmitted();

    /**
     * A request ended {@code failed} with this {@code error_code} (see {@code ErrorCodes}): counted when the failure
     * is refunded (the settlement happens once per request), or when an SQS message is recorded as a failed request
     * without any charge.
     */
    void requestFailed(String errorCode);

    /** A terminal request's money was settled, once: what was charged and what went back to the balance (µUSD). */
    void settled(Money charged, Money refunded);

    /** A dispatch did not reach Kling and is retried later with backoff, for this reason. */
    void dispatchRetried(RetryReason reason);

    /** One webhook POST of a final record was made (automatic or manual) and was or was not acknowledged with 2xx. */
    void webhookAttempted(boolean delivered);

    /** A final record's delivery was parked in the delivery dead-letter queue, where an operator sees it. */
    void deliveryParked(ParkReason reason);

    /** A success was settled without usable units: the hold stood as its charge. */
    void settledWithoutUnits();

    /** A settlement left an account's balance below zero. */
    void balanceWentNegative();

    /** The sweeper found a terminal request the stream had left unsettled, and settles it. */
    void unsettledRequestFound();

    /** Reconciliation found our ledger and Kling's bill disagreeing about one task, in this way ({@code kind}). */
    void reconciliationMismatch(String kind);

    /** Publishes what was recorded since the last flush; nothing when nothing was recorded. */
    void flush();

    /** Runs one invocation and flushes after it, whether it returned or threw. */
    default <T> T flushAfter(Supplier<T> invocation) {
        try {
            return invocation.get();
        } finally {
            flush();
        }
    }

    /** Why a dispatch is retried. */
    enum RetryReason {
        /** Kling is busy, rate limited, in maintenance or unreachable: normal, within limits. */
        KLING_UNAVAILABLE,
        /** Kling refused our account or credentials (1000–1004, 1100–1104, 1304): an operator must act. */
        KLING_ACCOUNT
    }

    /** Why a delivery was parked. */
    enum ParkReason {
        /** The webhook receiver answered {@code 410 Gone}. */
        GONE,
        /** The last automatic attempt failed; the delivery queue parks the message after it. */
        ATTEMPTS_EXHAUSTED
    }

    /** {@link #NONE}. */
    final class Discarded implements Metrics {
        private Discarded() {
        }

        @Override
        public void requestSubmitted() {
        }

        @Override
        public void requestFailed(String errorCode) {
        }

        @Override
        public void settled(Money charged, Money refunded) {
        }

        @Override
        public void dispatchRetried(RetryReason reason) {
        }

        @Override
        public void webhookAttempted(boolean delivered) {
        }

        @Override
        public void deliveryParked(ParkReason reason) {
        }

        @Override
        public void settledWithoutUnits() {
        }

        @Override
        public void balanceWentNegative() {
        }

        @Override
        public void unsettledRequestFound() {
        }

        @Override
        public void reconciliationMismatch(String kind) {
        }

        @Override
        public void flush() {
        }
    }
}
