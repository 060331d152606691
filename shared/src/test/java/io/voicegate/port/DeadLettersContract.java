package io.voicegate.port;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link DeadLetters} must do: keep the message with its reason and context for an operator, an empty
 * body included, or say that it could not. Runs against the in-memory one and the SQS adapter on ElasticMQ.
 */
public abstract class DeadLettersContract {

    /** A parked message: its body, the reason, and the context it was parked with. */
    public record Parked(String body, String reason, Map<String, String> context) {
    }

    /** The dead letters under test, empty, fresh for each test. */
    protected abstract DeadLetters deadLetters();

    /** What was parked so far. */
    protected abstract List<Parked> parked();

    protected abstract void makeUnreachable();

    @Test
    void aParkedMessageKeepsItsReasonAndContext() {
        deadLetters().park("{\"model\":\"x\"}", Map.of("sender", "AROA123", "message_id", "m-1"), "unknown sender");
        deadLetters().park("", Map.of(), "empty body");

        assertThat(parked()).containsExactlyInAnyOrder(
                new Parked("{\"model\":\"x\"}", "unknown sender", Map.of("sender", "AROA123", "message_id", "m-1")),
                new Parked("(empty)", "empty body", Map.of()));
    }

    @Test
    void anUnreachableQueueSaysSo() {
        makeUnreachable();

        assertThatThrownBy(() -> deadLetters().park("x", Map.of(), "reason"))
                .isInstanceOf(QueueUnavailableException.class);
    }
}
