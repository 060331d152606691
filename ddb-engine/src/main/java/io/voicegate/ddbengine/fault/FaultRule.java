package io.voicegate.ddbengine.fault;

import java.time.Duration;
import java.util.Set;

/**
 * One kind of injected fault: with probability {@code rate}, a call to one of {@code operations} (all when empty)
 * fails or is slowed.
 *
 * @param kind       what happens
 * @param rate       probability per call, 0..1
 * @param operations operation names as in {@code X-Amz-Target} ({@code PutItem}, {@code TransactWriteItems}, …);
 *                   empty for every operation
 * @param latency    the delay added by {@link Kind#LATENCY}; zero otherwise
 */
public record FaultRule(Kind kind, double rate, Set<String> operations, Duration latency) {

    /** The injected behaviours, each as AWS answers it (API reference, "Common errors" and each operation's errors). */
    public enum Kind {
        /** HTTP 400 {@code ThrottlingException}; the SDKs retry it. */
        THROTTLING,
        /** HTTP 400 {@code ProvisionedThroughputExceededException}; the SDKs retry it. */
        PROVISIONED_THROUGHPUT_EXCEEDED,
        /** HTTP 500 {@code InternalServerError}; the SDKs retry it. Nothing is written. */
        INTERNAL_SERVER_ERROR,
        /**
         * {@code TransactWriteItems} cancelled with {@code TransactionConflict} on its first action (and {@code None} on
         * the others), as when another transaction holds an item; single-item writes get
         * {@code TransactionConflictException}. Nothing is written.
         */
        TRANSACTION_CONFLICT,
        /** The call is answered after {@code latency}, otherwise unchanged. */
        LATENCY
    }

    public FaultRule {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("rate must be within 0..1: " + rate);
        }
        operations = Set.copyOf(operations);
        latency = latency == null ? Duration.ZERO : latency;
    }

    public static FaultRule throttling(double rate, String... operations) {
        return new FaultRule(Kind.THROTTLING, rate, Set.of(operations), Duration.ZERO);
    }

    public static FaultRule throughputExceeded(double rate, String... operations) {
        return new FaultRule(Kind.PROVISIONED_THROUGHPUT_EXCEEDED, rate, Set.of(operations), Duration.ZERO);
    }

    public static FaultRule internalServerError(double rate, String... operations) {
        return new FaultRule(Kind.INTERNAL_SERVER_ERROR, rate, Set.of(operations), Duration.ZERO);
    }

    public static FaultRule transactionConflict(double rate, String... operations) {
        return new FaultRule(Kind.TRANSACTION_CONFLICT, rate, Set.of(operations), Duration.ZERO);
    }

    public static FaultRule latency(Duration latency, double rate, String... operations) {
        return new FaultRule(Kind.LATENCY, rate, Set.of(operations), latency);
    }

    /** True when this rule covers {@code operation}. */
    public boolean covers(String operation) {
        return operations.isEmpty() || operations.contains(operation);
    }
}
