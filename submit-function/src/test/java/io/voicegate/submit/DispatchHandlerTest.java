package io.voicegate.submit;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.voicegate.app.Gateway;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.lambda.Fixtures;
import io.voicegate.port.Metrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatch worker's handler fed the SQS fixtures in {@code events/}, with its batch built as the wiring builds it
 * on the in-memory fakes: dispatches, retries reported per message, and scheduled task checks.
 */
class DispatchHandlerTest {

    /** The request id the fixtures name. */
    private static final String FIXTURE_ID = "01900000-0000-7000-8000-00000000c0de";

    private final Gateway gateway = new Gateway();
    private final DispatchHandler handler = new DispatchHandler(gateway.dispatchBatch(), Metrics.NONE);

    private static SQSEvent fixture(String name, String requestId) {
        SQSEvent event = EventLoader.loadSQSEvent(Fixtures.event(name));
        event.getRecords().forEach(m -> m.setBody(m.getBody().replace(FIXTURE_ID, requestId)));
        return event;
    }

    private Request stored(String id) {
        return gateway.store.find(id).orElseThrow();
    }

    @Test
    void aDispatchMessageSendsItsRequestToKling() {
        String id = gateway.submitted();

        SQSBatchResponse response = handler.handleRequest(fixture("sqs/dispatch-one.json", id), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(stored(id).status()).isEqualTo(RequestStatus.PROCESSING);
        assertThat(gateway.kling.tasksFor(id)).isEqualTo(1);
    }

    @Test
    void aRateLimitedDispatchStaysOnTheQueueWithItsRedeliveryPushedBack() {
        String id = gateway.submitted();
        gateway.kling.rateLimit(id, 1);
        SQSEvent event = fixture("sqs/dispatch-one.json", id);

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(event.getRecords().get(0).getMessageId());
        assertThat(gateway.delays).singleElement().satisfies(delay ->
                assertThat(delay).isBetween(Duration.ZERO, Duration.ofSeconds(2)));
        assertThat(stored(id).status()).isEqualTo(RequestStatus.DISPATCHED);
    }

    @Test
    void anUnknownRequestAndABodyThatIsNotOursAreAcknowledged() {
        SQSBatchResponse unknown = handler.handleRequest(fixture("sqs/dispatch-one.json", FIXTURE_ID), null);
        SQSBatchResponse notOurs = handler.handleRequest(
                EventLoader.loadSQSEvent(Fixtures.event("sam-official/sqs-receive-message.json")), null);

        assertThat(unknown.getBatchItemFailures()).isEmpty();
        assertThat(notOurs.getBatchItemFailures()).as("a body that is not a dispatch message is dropped").isEmpty();
        assertThat(gateway.kling.creates).isEmpty();
    }

    /** A scheduled task check (check_since 2001-01-01) of a request Kling no longer knows, past its deadline. */
    @Test
    void aTaskCheckPastTheProcessingDeadlineFailsTheRequest() {
        String id = gateway.processing();
        gateway.kling.forgetTasks = true;
        gateway.clock.advance(gateway.plan.processingDeadline());

        SQSBatchResponse response = handler.handleRequest(fixture("sqs/dispatch-check.json", id), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(stored(id).status()).isEqualTo(RequestStatus.FAILED);
        assertThat(stored(id).outcome().flatMap(Outcome::errorCode)).contains("processing_deadline_exceeded");
    }
}
