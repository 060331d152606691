package io.voicegate.port;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link RecordQueues} must do: the record reaches the account's queue, named by its request id for
 * deduplication; a queue that does not exist is a {@link QueueUnavailableException}. Runs against the
 * in-memory one and the SQS adapter on ElasticMQ.
 */
public abstract class RecordQueuesContract {

    protected abstract RecordQueues recordQueues();

    /** Creates an account's queue; returns its URL. */
    protected abstract String newQueue();

    /** The records on the queue: request id to body. */
    protected abstract List<Map.Entry<String, String>> received(String queueUrl);

    /** The URL of a queue that does not exist. */
    protected abstract String missingQueue();

    @Test
    void aRecordReachesTheAccountsQueueWithItsRequestId() {
        String queue = newQueue();
        String other = newQueue();
        String request = UUID.randomUUID().toString();

        recordQueues().send(queue, request, "{\"request_id\":\"" + request + "\"}");

        assertThat(received(queue)).containsExactly(Map.entry(request, "{\"request_id\":\"" + request + "\"}"));
        assertThat(received(other)).isEmpty();
    }

    @Test
    void aQueueThatDoesNotExistSaysSo() {
        assertThatThrownBy(() -> recordQueues().send(missingQueue(), "r", "{}"))
                .isInstanceOf(QueueUnavailableException.class);
    }
}
