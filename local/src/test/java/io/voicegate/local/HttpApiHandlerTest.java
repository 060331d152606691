package io.voicegate.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.json.Json;
import io.voicegate.submit.HttpApiHandler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP handler fed the fixtures in {@code events/} and the official sample event, on the real engines. */
@ExtendWith(LocalStackExtension.class)
class HttpApiHandlerTest {

    /** The key the fixtures carry in their Authorization header. */
    static final String FIXTURE_KEY = "vg_events_fixture_key_0000000000000000000000";
    static final String FIXTURE_ACCOUNT = "events-fixture-account";

    private static HttpApiHandler handler;

    @BeforeAll
    static void openFixtureAccount() {
        LocalStack stack = LocalStackExtension.stack();
        synchronized (HttpApiHandlerTest.class) {
            if (stack.function("ApiFunction").wiring().accountStore().accountForKeyHash(
                    io.voicegate.domain.ApiKeys.hash(FIXTURE_KEY)).isEmpty()) {
                stack.openAccount(FIXTURE_ACCOUNT, FIXTURE_KEY, io.voicegate.domain.Money.ofUsd("100"), List.of());
            }
        }
        handler = new HttpApiHandler(stack.function("ApiFunction").wiring());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "submit-valid.json, 202",
            "submit-video.json, 202",
            "submit-invalid.json, 400",
            "submit-no-auth.json, 401",
            "get-request-unknown.json, 404",
            "list-requests.json, 200",
            "get-account.json, 200",
            "list-models.json, 200",
            "get-model.json, 200",
            "delete-requests.json, 405"})
    void fixturesGetTheirStatus(String fixture, int status) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(SqsIntakeIT.fixture("apigw/" + fixture));

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders().get("content-type"))
                .isEqualTo(status < 400 ? "application/json" : "application/problem+json");
    }

    @Test
    void invalidFixtureNamesEachField() throws Exception {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(SqsIntakeIT.fixture("apigw/submit-invalid.json"));

        JsonNode problem = Json.mapper().readTree(handler.handleRequest(event, null).getBody());

        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("errors")).extracting(e -> e.get("field").asText())
                .containsExactlyInAnyOrder("payload.voice_name", "payload.voice_uri", "payload");
    }

    @Test
    void officialSampleEventIsAnsweredWithAProblemNotAnError() throws Exception {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(LocalStackExtension.root()
                .resolve("events/sam-official/apigateway-http-v2-proxy.json").toString());

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(Json.mapper().readTree(response.getBody()).get("type").asText()).contains("not-found");
    }

    @Test
    void base64BodiesAreDecoded() {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(SqsIntakeIT.fixture("apigw/submit-video.json"));
        // Another name than the fixture's own: an account's live voice names are unique.
        String body = event.getBody().replace("\"grace\"", "\"grace-b64\"");
        event.setBody(java.util.Base64.getEncoder().encodeToString(body.getBytes(
                java.nio.charset.StandardCharsets.UTF_8)));
        event.setIsBase64Encoded(true);

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(202);
    }
}
