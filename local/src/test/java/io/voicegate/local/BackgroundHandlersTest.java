package io.voicegate.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.voicegate.app.SweepOpenRequests;
import io.voicegate.domain.Money;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.Transition;
import io.voicegate.reconcile.ReconcileHandler;
import io.voicegate.reconcile.SweepHandler;
import io.voicegate.submit.DispatchHandler;
import io.voicegate.webhook.DeliveryHandler;
import io.voicegate.webhook.KlingCallbackHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The callback, dispatch, settlement, sweeper and delivery handlers fed the fixtures in {@code events/} and the
 * official sample events, built with the wiring the local stack gives their template functions.
 */
@ExtendWith(LocalStackExtension.class)
class BackgroundHandlersTest {

    private final LocalStack stack = LocalStackExtension.stack();

    private static String fixture(String name) {
        return LocalStackExtension.root().resolve("events").resolve(name).toString();
    }

    @Test
    void aCallbackWithAnInvalidTokenIs404() {
        KlingCallbackHandler handler = new KlingCallbackHandler(stack.function("WebhookFunction").wiring());

        APIGatewayV2HTTPResponse response = handler.handleRequest(
                EventLoader.loadApiGatewayHttpEvent(fixture("apigw/kling-callback.json")), null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(response.getHeaders().get("content-type")).isEqualTo("application/problem+json");
    }

    @Test
    void dispatchAndDeliveryOfAnUnknownRequestAreAcknowledged() {
        SQSBatchResponse dispatched = new DispatchHandler(stack.function("DispatchFunction").wiring())
                .handleRequest(EventLoader.loadSQSEvent(fixture("sqs/dispatch-one.json")), null);
        SQSBatchResponse delivered = new DeliveryHandler(stack.function("DeliveryFunction").wiring())
                .handleRequest(EventLoader.loadSQSEvent(fixture("sqs/delivery-one.json")), null);
        SQSBatchResponse notOurs = new DispatchHandler(stack.function("DispatchFunction").wiring())
                .handleRequest(EventLoader.loadSQSEvent(fixture("sam-official/sqs-receive-message.json")), null);

        assertThat(dispatched.getBatchItemFailures()).isEmpty();
        assertThat(delivered.getBatchItemFailures()).isEmpty();
        assertThat(notOurs.getBatchItemFailures()).as("a body that is not a dispatch message is dropped").isEmpty();
    }

    /** A scheduled task check (events/sqs/dispatch-check.json) of a request Kling no longer knows, past its deadline. */
    @Test
    void aTaskCheckPastTheProcessingDeadlineFailsTheRequest() {
        var account = LocalStackExtension.openAccount(Money.ofUsd("1"));
        Instant longAgo = Instant.parse("2001-01-01T00:00:00Z");
        Request request = Requests.dispatched(account.accountId(), "gone", longAgo);
        Requests.store().advance(request.requestId(), Transition.processing("t-gone"), longAgo);
        SQSEvent event = EventLoader.loadSQSEvent(fixture("sqs/dispatch-check.json"));
        SQSEvent.SQSMessage check = event.getRecords().get(0);
        check.setBody(check.getBody().replace("01900000-0000-7000-8000-00000000c0de", request.requestId()));

        SQSBatchResponse response = new DispatchHandler(stack.function("DispatchFunction").wiring())
                .handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        Request expired = Requests.reload(request);
        assertThat(expired.status()).isEqualTo(RequestStatus.FAILED);
        assertThat(expired.outcome().flatMap(Outcome::errorCode)).contains("processing_deadline_exceeded");
    }

    @Test
    void settlementAcceptsOurStreamShapeAndTheOfficialOne() {
        ReconcileHandler handler = new ReconcileHandler(stack.function("ReconcileFunction").wiring());
        DynamodbEvent ours = EventLoader.loadDynamoDbEvent(fixture("ddb-stream/request-succeeded.json"));
        DynamodbEvent official = EventLoader.loadDynamoDbEvent(fixture("sam-official/dynamodb-stream-update.json"));

        StreamsEventResponse forUnknownRequest = handler.handleRequest(ours, null);
        StreamsEventResponse forOtherTable = handler.handleRequest(official, null);

        assertThat(forUnknownRequest.getBatchItemFailures()).isEmpty();
        assertThat(forOtherTable.getBatchItemFailures()).isEmpty();
    }

    @Test
    void theSweeperRunsOnTheScheduledEventAndExpiresAStuckRequest() {
        SweepHandler handler = new SweepHandler(stack.function("SweepFunction").wiring());
        var account = LocalStackExtension.openAccount(Money.ofUsd("1"));
        Request stuck = Requests.dispatched(account.accountId(), "stuck", Instant.parse("2001-01-01T00:00:00Z"));

        SweepOpenRequests.Report report = handler.handleRequest(
                EventLoader.loadScheduledEvent(fixture("schedule/sweep.json")), null);
        SweepOpenRequests.Report again = handler.handleRequest(
                EventLoader.loadScheduledEvent(fixture("sam-official/eventbridge-scheduled-event.json")), null);

        assertThat(report.expired()).isGreaterThanOrEqualTo(1);
        Request expired = Requests.reload(stuck);
        assertThat(expired.status()).isEqualTo(RequestStatus.FAILED);
        assertThat(expired.outcome().flatMap(Outcome::errorCode)).contains("dispatch_deadline_exceeded");
        assertThat(again.expired()).as("a terminal request is not expired twice").isZero();
    }
}
