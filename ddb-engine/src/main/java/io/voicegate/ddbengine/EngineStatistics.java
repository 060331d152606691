package io.voicegate.ddbengine;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the engine has served since it started: calls by operation (every call, answered or refused) and the
 * capacity units its successful reads and writes consumed, by DynamoDB's rules (computed whether or not a request
 * asked for {@code ReturnConsumedCapacity}). Counts are exact, so tests may assert them; take a {@link #snapshot()}
 * before and after and subtract.
 */
public final class EngineStatistics {

    /**
     * The counters at one moment.
     *
     * @param calls       calls by operation name ({@code PutItem}, {@code TransactWriteItems}, …)
     * @param readUnits   read capacity units consumed, tables and indexes
     * @param writeUnits  write capacity units consumed, tables and indexes
     */
    public record Snapshot(Map<String, Long> calls, double readUnits, double writeUnits) {

        public Snapshot {
            calls = Map.copyOf(calls);
        }

        /** Every call, whatever its operation. */
        public long totalCalls() {
            return calls.values().stream().mapToLong(Long::longValue).sum();
        }

        /** What happened between {@code earlier} and this snapshot. */
        public Snapshot minus(Snapshot earlier) {
            Map<String, Long> delta = new TreeMap<>(calls);
            earlier.calls.forEach((op, n) -> delta.merge(op, -n, Long::sum));
            delta.values().removeIf(n -> n == 0);
            return new Snapshot(delta, readUnits - earlier.readUnits, writeUnits - earlier.writeUnits);
        }
    }

    private final Map<String, Long> calls = new TreeMap<>();
    private double readUnits;
    private double writeUnits;

    /** Counts one call of {@code operation}. */
    public synchronized void call(String operation) {
        calls.merge(operation, 1L, Long::sum);
    }

    /** Adds consumed capacity units. */
    public synchronized void consumed(boolean write, double units) {
        if (write) {
            writeUnits += units;
        } else {
            readUnits += units;
        }
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(calls, readUnits, writeUnits);
    }
}
