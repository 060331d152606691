package io.voicegate.port;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every queue of request ids ({@link DispatchQueue}, {@link DeliveryQueue}, {@link TaskChecks}: one queue serves
 * all three) must do: a message names its request and says whether a Kling task may already exist; a task check
 * carries when processing began and stays invisible until its delay is over; a queue that cannot be reached is a
 * {@link QueueUnavailableException}. Runs against the in-memory queue and the SQS adapter on ElasticMQ.
 */
public abstract class RequestQueueContract {

    /** A message as the worker decodes it. */
    public record Received(String requestId, boolean taskMayExist, Optional<Instant> checkSince) {
    }

    /** The queue under test as the dispatch queue: empty, fresh for each test. */
    protected abstract DispatchQueue dispatches();

    /** The same queue as the delivery queue. */
    protected abstract DeliveryQueue deliveries();

    /** The same queue as the task checks' queue. */
    protected abstract TaskChecks checks();

    /** The messages visible now, taken off the queue. */
    protected abstract List<Received> receiveNow();

    /** The messages that become visible within {@code delay} from now, taken off the queue. */
    protected abstract List<Received> receiveWithin(Duration delay);

    /** Makes the queue unreachable (SQS: a queue that does not exist). */
    protected abstract void makeUnreachable();

    @Test
    void aDispatchNamesItsRequestAndWhetherItsTaskMayExist() {
        String first = UUID.randomUUID().toString();
        String again = UUID.randomUUID().toString();

        dispatches().enqueue(first, false);
        dispatches().enqueue(again, true);

        assertThat(receiveNow()).containsExactlyInAnyOrder(new Received(first, false, Optional.empty()),
                new Received(again, true, Optional.empty()));
    }

    @Test
    void aDeliveryNamesItsRequest() {
        String request = UUID.randomUUID().toString();

        deliveries().enqueue(request);

        assertThat(receiveNow()).containsExactly(new Received(request, false, Optional.empty()));
    }

    @Test
    void aTaskCheckWaitsOutItsDelayAndCarriesWhenProcessingBegan() {
        String request = UUID.randomUUID().toString();
        Instant since = Instant.parse("2026-11-24T10:00:00Z");

        checks().schedule(request, since, Duration.ofSeconds(2));

        assertThat(receiveNow()).isEmpty();
        assertThat(receiveWithin(Duration.ofSeconds(2))).containsExactly(new Received(request, false,
                Optional.of(since)));
    }

    @Test
    void aCheckLaterThanTheQueueAllowsIsStillSent() {
        String request = UUID.randomUUID().toString();

        checks().schedule(request, Instant.parse("2026-11-24T10:00:00Z"), Duration.ofHours(2));

        assertThat(receiveNow()).isEmpty();
    }

    @Test
    void anUnreachableQueueSaysSo() {
        makeUnreachable();

        assertThatThrownBy(() -> dispatches().enqueue(UUID.randomUUID().toString(), false))
                .isInstanceOf(QueueUnavailableException.class);
        assertThatThrownBy(() -> checks().schedule(UUID.randomUUID().toString(), Instant.EPOCH, Duration.ZERO))
                .isInstanceOf(QueueUnavailableException.class);
    }
}
