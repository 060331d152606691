package io.voicegate.ddbengine.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Faults on demand, for chaos tests: a seeded random draw per call decides which {@link FaultRule} fires, so a run
 * with the same seed and the same sequence of calls injects the same faults. Thread-safe; rules can change while the
 * engine serves.
 */
public final class Faults {

    private final List<FaultRule> rules = new ArrayList<>();
    private Random random = new Random(0);
    private long seed;
    private long injected;

    /** Restarts the draws from {@code seed}. */
    public synchronized Faults seed(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
        return this;
    }

    public synchronized long seed() {
        return seed;
    }

    /** Adds a rule; rules are drawn in the order added, at most one failing rule fires per call. */
    public synchronized Faults add(FaultRule rule) {
        rules.add(rule);
        return this;
    }

    /** Removes every rule. */
    public synchronized void clear() {
        rules.clear();
    }

    /** How many faults (latency included) have been injected since the engine started. */
    public synchronized long injected() {
        return injected;
    }

    /** The latency rules that fire for this call, summed; zero when none. */
    public synchronized long latencyMillis(String operation) {
        long millis = 0;
        for (FaultRule rule : rules) {
            if (rule.kind() == FaultRule.Kind.LATENCY && rule.covers(operation) && random.nextDouble() < rule.rate()) {
                millis += rule.latency().toMillis();
                injected++;
            }
        }
        return millis;
    }

    /** The failing rule that fires for this call, if any. */
    public synchronized Optional<FaultRule.Kind> failure(String operation) {
        for (FaultRule rule : rules) {
            if (rule.kind() != FaultRule.Kind.LATENCY && rule.covers(operation)
                    && (rule.kind() != FaultRule.Kind.TRANSACTION_CONFLICT || isWrite(operation))
                    && random.nextDouble() < rule.rate()) {
                injected++;
                return Optional.of(rule.kind());
            }
        }
        return Optional.empty();
    }

    private static boolean isWrite(String operation) {
        return switch (operation) {
            case "PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "TransactGetItems" -> true;
            default -> false;
        };
    }
}
