package io.voicegate.app;

import io.voicegate.port.DeadLetters;
import io.voicegate.port.DeadLettersContract;
import io.voicegate.port.QueueUnavailableException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@link DeadLetters} in memory: what was parked, as the SQS adapter keeps it (an empty body as "(empty)"). */
public final class InMemoryDeadLetters implements DeadLetters {

    public final List<DeadLettersContract.Parked> parked = new CopyOnWriteArrayList<>();
    public volatile boolean unreachable;

    @Override
    public void park(String body, Map<String, String> context, String reason) {
        if (unreachable) {
            throw new io.voicegate.port.QueueUnavailableException("scripted: queue unreachable", null);
        }
        parked.add(new DeadLettersContract.Parked(body.isEmpty() ? "(empty)" : body, reason, Map.copyOf(context)));
    }
}
