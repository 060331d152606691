package io.voicegate.webhook;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.voicegate.app.DeliverFinalRecord;
import io.voicegate.app.Gateway;
import io.voicegate.app.SubmitCommand;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Source;
import io.voicegate.domain.Transition;
import io.voicegate.lambda.Fixtures;
import io.voicegate.port.Metrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery handler fed {@code events/sqs/delivery-one.json}, with its batch built as the wiring builds it on the
 * fakes: a delivered record is acknowledged, a failed one stays on the queue until its announced retry.
 */
class DeliveryHandlerTest {

    private static final String FIXTURE_ID = "01900000-0000-7000-8000-00000000c0de";

    private final Gateway gateway = new Gateway();
    private final DeliveryHandler handler = new DeliveryHandler(gateway.deliveryBatch(), Metrics.NONE);

    private static SQSEvent fixture(String requestId) {
        SQSEvent event = EventLoader.loadSQSEvent(Fixtures.event("sqs/delivery-one.json"));
        event.getRecords().forEach(m -> m.setBody(m.getBody().replace(FIXTURE_ID, requestId)));
        return event;
    }

    /** A request with a webhook, failed and refunded: ready for delivery. */
    private String settledWithWebhook() {
        String body = "{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_name\":\"ada\",\"voice_url\":"
                + "\"https://cdn.example.com/ada.mp3\"},\"webhook\":{\"url\":\"https://client.example.com/hooks\"}}";
        String id = gateway.submitRequest().submit(new SubmitCommand(Gateway.ACCOUNT, Source.HTTP,
                io.voicegate.json.JsonBodyDecoder.read(body), Optional.empty())).request().requestId();
        gateway.store.advance(id, Transition.failed(Outcome.failure("upstream_failed", "no")),
                gateway.clock.instant());
        gateway.settleRequest().settle(id);
        return id;
    }

    @Test
    void aDeliveredRecordIsAcknowledged() {
        String id = settledWithWebhook();

        SQSBatchResponse response = handler.handleRequest(fixture(id), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(gateway.webhooks.posts).singleElement().satisfies(headers ->
                assertThat(headers.get("webhook-id")).isEqualTo(DeliverFinalRecord.webhookId(id)));
    }

    @Test
    void aFailedDeliveryStaysOnTheQueueUntilTheRetryItsRecordAnnounces() {
        String id = settledWithWebhook();
        gateway.webhooks.answer(503);
        SQSEvent event = fixture(id);

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(event.getRecords().get(0).getMessageId());
        assertThat(gateway.delays).singleElement().satisfies(delay -> {
            assertThat(delay).isBetween(Duration.ZERO, Duration.ofMinutes(1));
            assertThat(gateway.deliveryLog.attempts(id).get(0).nextAttemptAt())
                    .contains(gateway.clock.instant().plus(delay));
        });
    }

    @Test
    void aRecordNotReadyOrUnknownIsDropped() {
        SQSBatchResponse unknown = handler.handleRequest(fixture(FIXTURE_ID), null);
        SQSBatchResponse open = handler.handleRequest(fixture(gateway.submitted()), null);

        assertThat(unknown.getBatchItemFailures()).isEmpty();
        assertThat(open.getBatchItemFailures()).isEmpty();
        assertThat(gateway.webhooks.posts).isEmpty();
    }
}
