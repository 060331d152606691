package io.voicegate.app;

import io.voicegate.port.DeadLetters;
import io.voicegate.port.DeadLettersContract;
import io.voicegate.port.DeliveryQueue;
import io.voicegate.port.DispatchQueue;
import io.voicegate.port.RecordQueues;
import io.voicegate.port.RecordQueuesContract;
import io.voicegate.port.RequestQueueContract;
import io.voicegate.port.TaskChecks;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The queue ports' contracts on the in-memory queues the use-case tests stand on. */
class InMemoryQueuesTest {

    @Nested
    class RequestQueue extends RequestQueueContract {

        private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
        private final InMemoryRequestQueue queue = new InMemoryRequestQueue(clock);

        @Override
        protected DispatchQueue dispatches() {
            return queue;
        }

        @Override
        protected DeliveryQueue deliveries() {
            return queue;
        }

        @Override
        protected TaskChecks checks() {
            return queue;
        }

        @Override
        protected List<Received> receiveNow() {
            return queue.receive().stream().map(m -> new Received(m.requestId(), m.taskMayExist(),
                    m.checkSince())).toList();
        }

        @Override
        protected List<Received> receiveWithin(Duration delay) {
            clock.advance(delay);
            return receiveNow();
        }

        @Override
        protected void makeUnreachable() {
            queue.unreachable = true;
        }

        /** Only here, where time can be moved: SQS's 15-minute limit on a message's delay. */
        @Test
        void aCheckLaterThanTheQueueAllowsComesAtItsLongestDelay() {
            queue.schedule("r", Instant.EPOCH, Duration.ofHours(2));

            assertThat(receiveWithin(Duration.ofMinutes(15).minusSeconds(1))).isEmpty();
            assertThat(receiveWithin(Duration.ofSeconds(1))).hasSize(1);
        }
    }

    @Nested
    class DeadLetterQueue extends DeadLettersContract {

        private final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters();

        @Override
        protected DeadLetters deadLetters() {
            return deadLetters;
        }

        @Override
        protected List<Parked> parked() {
            return deadLetters.parked;
        }

        @Override
        protected void makeUnreachable() {
            deadLetters.unreachable = true;
        }
    }

    @Nested
    class AccountQueues extends RecordQueuesContract {

        private final InMemoryRecordQueues queues = new InMemoryRecordQueues();

        @Override
        protected RecordQueues recordQueues() {
            return queues;
        }

        @Override
        protected String newQueue() {
            return queues.create("voicegate-records-" + UUID.randomUUID());
        }

        @Override
        protected List<Map.Entry<String, String>> received(String queueUrl) {
            return queues.received(queueUrl);
        }

        @Override
        protected String missingQueue() {
            return "https://sqs.local.example/000000000000/voicegate-records-missing";
        }
    }
}
