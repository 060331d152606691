package io.voicegate.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.voicegate.app.Gateway;
import io.voicegate.domain.RequestStatus;
import io.voicegate.lambda.Fixtures;
import io.voicegate.port.Metrics;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Kling's callback route fed {@code events/apigw/kling-callback.json}, with the callback use case on the fakes. */
class KlingCallbackHandlerTest {

    private final Gateway gateway = new Gateway();
    private final KlingCallbackHandler handler = new KlingCallbackHandler(gateway.klingCallbackApi(), Metrics.NONE);

    private static APIGatewayV2HTTPEvent fixture() {
        return EventLoader.loadApiGatewayHttpEvent(Fixtures.event("apigw/kling-callback.json"));
    }

    @Test
    void theFixturesInvalidTokenIs404AndChangesNothing() {
        int reads = gateway.storageCalls();

        APIGatewayV2HTTPResponse response = handler.handleRequest(fixture(), null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(response.getHeaders().get("content-type")).isEqualTo("application/problem+json");
        assertThat(gateway.storageCalls()).isEqualTo(reads);
    }

    @Test
    void aCallbackWithTheRequestsTokenIsAppliedAndAnswered200() {
        String id = gateway.processing();
        gateway.clock.advance(gateway.kling.taskTime);
        APIGatewayV2HTTPEvent event = fixture();
        String token = gateway.callbackToken(id);
        event.setPathParameters(Map.of("request_id", id, "token", token));
        event.setRawPath("/callbacks/kling/" + id + "/" + token);
        event.setBody(gateway.kling.callbackBody(id));

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        APIGatewayV2HTTPResponse duplicate = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(duplicate.getStatusCode()).as("a repeated callback is acknowledged").isEqualTo(200);
        assertThat(gateway.store.find(id).orElseThrow().status()).isEqualTo(RequestStatus.SUCCESS);
    }

    @Test
    void whenKlingCannotConfirmTheTaskTheCallbackIsRefusedForARetry() {
        String id = gateway.processing();
        gateway.kling.unavailable = true;
        APIGatewayV2HTTPEvent event = fixture();
        String token = gateway.callbackToken(id);
        event.setPathParameters(Map.of("request_id", id, "token", token));
        event.setRawPath("/callbacks/kling/" + id + "/" + token);

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getHeaders()).containsKey("retry-after");
        assertThat(gateway.store.find(id).orElseThrow().status()).isEqualTo(RequestStatus.PROCESSING);
    }
}
