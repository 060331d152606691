package io.voicegate.submit;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.app.Gateway;
import io.voicegate.app.InMemoryRequestStore;
import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.IdempotencyRecord;
import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.Money;
import io.voicegate.domain.Request;
import io.voicegate.json.Json;
import io.voicegate.lambda.Fixtures;
import io.voicegate.port.Metrics;
import io.voicegate.port.StoreBusyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public API's handler fed the fixtures in {@code events/} and the SAM CLI's sample event, with the API on the
 * in-memory fakes: what API Gateway would get back for each.
 */
class HttpApiHandlerTest {

    /** The key the fixtures carry in their Authorization header. */
    static final String FIXTURE_KEY = "vg_events_fixture_key_0000000000000000000000";
    static final String FIXTURE_ACCOUNT = "events-fixture-account";

    private final Gateway gateway = new Gateway();
    private final HttpApiHandler handler = new HttpApiHandler(gateway.publicApi(), Metrics.NONE);

    HttpApiHandlerTest() {
        gateway.accounts.create(FIXTURE_ACCOUNT, Money.ofUsd("100"), ApiKeys.hash(FIXTURE_KEY),
                ApiKeys.last4(FIXTURE_KEY), "whsec_dGVzdA==", gateway.clock.instant());
    }

    private static APIGatewayV2HTTPEvent fixture(String name) {
        return EventLoader.loadApiGatewayHttpEvent(Fixtures.event("apigw/" + name));
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
        APIGatewayV2HTTPResponse response = handler.handleRequest(fixture(fixture), null);

        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders().get("content-type"))
                .isEqualTo(status < 400 ? "application/json" : "application/problem+json");
    }

    @Test
    void theValidFixtureIsChargedAndQueued() throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(fixture("submit-valid.json"), null);

        JsonNode record = Json.mapper().readTree(response.getBody());
        String id = record.get("request_id").asText();
        assertThat(response.getHeaders().get("location")).isEqualTo("/requests/" + id);
        assertThat(record.get("status").asText()).isEqualTo("dispatched");
        assertThat(gateway.store.balance(FIXTURE_ACCOUNT)).isEqualTo(100_000_000 - 70_000);
        assertThat(gateway.dispatched).containsExactly(id);
    }

    @Test
    void theInvalidFixtureNamesEachFieldAndChargesNothing() throws Exception {
        JsonNode problem = Json.mapper().readTree(handler.handleRequest(fixture("submit-invalid.json"), null)
                .getBody());

        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("errors")).extracting(e -> e.get("field").asText())
                .containsExactlyInAnyOrder("payload.voice_name", "payload.voice_uri", "payload");
        assertThat(gateway.store.balance(FIXTURE_ACCOUNT)).isEqualTo(100_000_000);
    }

    @ParameterizedTest
    @Event(value = "../events/sam-official/apigateway-http-v2-proxy.json", type = APIGatewayV2HTTPEvent.class)
    void theSamSampleEventIsAnsweredWithAProblemNotAnError(APIGatewayV2HTTPEvent event) throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(Json.mapper().readTree(response.getBody()).get("type").asText()).contains("not-found");
    }

    @Test
    void base64BodiesAreDecoded() {
        APIGatewayV2HTTPEvent event = fixture("submit-video.json");
        event.setBody(Base64.getEncoder().encodeToString(event.getBody().getBytes(StandardCharsets.UTF_8)));
        event.setIsBase64Encoded(true);

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(202);
    }

    /** A conflicting write or throttling: 503 with Retry-After, nothing charged, and the key free for the retry. */
    @Test
    void aBusyStoreIs503WithRetryAfterAndTheRetryWithTheSameKeySucceeds() throws Exception {
        BusyOnce store = new BusyOnce();
        Gateway busy = new Gateway(store);
        busy.accounts.create(FIXTURE_ACCOUNT, Money.ofUsd("100"), ApiKeys.hash(FIXTURE_KEY),
                ApiKeys.last4(FIXTURE_KEY), "whsec_dGVzdA==", busy.clock.instant());
        HttpApiHandler handler = new HttpApiHandler(busy.publicApi(), Metrics.NONE);

        APIGatewayV2HTTPResponse first = handler.handleRequest(fixture("submit-valid.json"), null);
        APIGatewayV2HTTPResponse retry = handler.handleRequest(fixture("submit-valid.json"), null);

        assertThat(first.getStatusCode()).isEqualTo(503);
        assertThat(first.getHeaders()).containsEntry("retry-after", "1");
        assertThat(Json.mapper().readTree(first.getBody()).get("type").asText())
                .endsWith("#problem-temporarily-unavailable");
        assertThat(retry.getStatusCode()).as("not 409 in flight: the claim was released").isEqualTo(202);
        assertThat(busy.store.balance(FIXTURE_ACCOUNT)).isEqualTo(100_000_000 - 70_000);
    }

    /** A store whose first submit transaction is cancelled by a conflicting one: nothing written. */
    private static final class BusyOnce extends InMemoryRequestStore {
        private boolean busy = true;

        @Override
        public synchronized void insert(Request request, Optional<LedgerEntry> hold,
                                        Optional<IdempotencyRecord> claim) {
            if (busy) {
                busy = false;
                throw new StoreBusyException("submit: [TransactionConflict]", null);
            }
            super.insert(request, hold, claim);
        }
    }
}
