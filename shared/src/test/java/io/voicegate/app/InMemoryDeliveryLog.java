package io.voicegate.app;

import io.voicegate.domain.DeliveryAttempt;
import io.voicegate.port.DeliveryLog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link DeliveryLog} in memory, numbering attempts per request as the DynamoDB counter does. */
public class InMemoryDeliveryLog implements DeliveryLog {

    private final Map<String, Integer> counters = new HashMap<>();
    private final Map<String, Map<Integer, DeliveryAttempt>> attempts = new HashMap<>();

    @Override
    public synchronized int nextAttempt(String requestId) {
        return counters.merge(requestId, 1, Integer::sum);
    }

    @Override
    public synchronized void record(String requestId, DeliveryAttempt attempt) {
        attempts.computeIfAbsent(requestId, id -> new HashMap<>()).put(attempt.attempt(), attempt);
    }

    @Override
    public synchronized List<DeliveryAttempt> attempts(String requestId) {
        List<DeliveryAttempt> all = new ArrayList<>(attempts.getOrDefault(requestId, Map.of()).values());
        all.sort(Comparator.comparingInt(DeliveryAttempt::attempt));
        return all;
    }
}
