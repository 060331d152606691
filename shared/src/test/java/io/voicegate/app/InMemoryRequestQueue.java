package io.voicegate.app;

import io.voicegate.port.DeliveryQueue;
import io.voicegate.port.DispatchQueue;
import io.voicegate.port.QueueUnavailableException;
import io.voicegate.port.TaskChecks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One of the gateway's queues of request ids in memory (dispatch, delivery, task checks), on a clock: a message
 * becomes visible after its delay (at most 15 minutes, as in SQS) and is taken off by {@link #receive}. With
 * {@link #unreachable} set, sends fail as the SQS adapter's do. Held to the SQS adapter by
 * {@code RequestQueueContract}.
 */
public final class InMemoryRequestQueue implements DispatchQueue, DeliveryQueue, TaskChecks {

    /** SQS's longest per-message delay. */
    static final Duration MAX_DELAY = Duration.ofMinutes(15);

    /** A message: its request, whether its task may already exist, the processing start of a check, when visible. */
    public record Message(String requestId, boolean taskMayExist, Optional<Instant> checkSince, Instant visibleAt) {
    }

    private final Clock clock;
    private final List<Message> messages = new ArrayList<>();
    public volatile boolean unreachable;

    public InMemoryRequestQueue(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void enqueue(String requestId, boolean taskMayExist) {
        send(new Message(requestId, taskMayExist, Optional.empty(), clock.instant()));
    }

    @Override
    public synchronized void enqueue(String requestId) {
        enqueue(requestId, false);
    }

    @Override
    public synchronized void schedule(String requestId, Instant processingSince, Duration delay) {
        Duration capped = delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay.isNegative() ? Duration.ZERO : delay;
        send(new Message(requestId, false, Optional.of(Instant.ofEpochSecond(processingSince.getEpochSecond())),
                clock.instant().plusSeconds(capped.toSeconds())));
    }

    private void send(Message message) {
        if (unreachable) {
            throw new QueueUnavailableException("scripted: queue unreachable", null);
        }
        messages.add(message);
    }

    /** Takes off the queue the messages visible now, in the order they were sent. */
    public synchronized List<Message> receive() {
        Instant now = clock.instant();
        List<Message> visible = messages.stream().filter(m -> !m.visibleAt().isAfter(now)).toList();
        messages.removeAll(visible);
        return visible;
    }

    /** Every message still on the queue, visible or not, without taking them off. */
    public synchronized List<Message> pending() {
        return List.copyOf(messages);
    }
}
