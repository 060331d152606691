package io.voicegate.local.kling;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.adapter.kling.HttpKlingClient;
import io.voicegate.adapter.kling.KlingCredentials;
import io.voicegate.app.MutableClock;
import io.voicegate.domain.kling.CreateVoice;
import io.voicegate.domain.kling.KlingOperatorException;
import io.voicegate.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the client puts on the wire, byte for byte where Kling's docs are exact. */
class HttpKlingClientWireTest {

    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final MutableClock clientClock = new MutableClock(T);
    private final MutableClock klingClock = new MutableClock(T);
    private KlingSimulator kling;

    @BeforeEach
    void start() {
        kling = KlingSimulator.builder().accessKey("ak-test", "sk-test").apiKey("key-123").clock(klingClock)
                .manualLifecycle().start();
    }

    @AfterEach
    void stop() {
        kling.close();
    }

    @Test
    void createPostsKlingsFieldNamesWithJsonContentTypeAndABearerJwt() {
        jwtClient().createVoice(new CreateVoice("Narrator", Optional.of("https://cdn.example/voice.mp3"),
                Optional.empty(), "https://gw.example/callbacks/kling/req-1/tok", "req-1"));

        RecordedRequest sent = only();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.pathAndQuery()).isEqualTo("/v1/general/custom-voices");
        assertThat(sent.headers().get("content-type")).containsExactly("application/json");
        assertThat(sent.headers().get("authorization")).singleElement().asString().matches("Bearer [^ ]+");
        assertThat(json(sent.body())).isEqualTo(json("""
                {"voice_name":"Narrator","voice_url":"https://cdn.example/voice.mp3",
                 "callback_url":"https://gw.example/callbacks/kling/req-1/tok","external_task_id":"req-1"}"""));
    }

    @Test
    void aVideoSourcedCreateSendsVideoIdAndNoVoiceUrl() {
        jwtClient().createVoice(new CreateVoice("Narrator", Optional.empty(), Optional.of("vid-9"),
                "https://gw.example/cb", "req-1"));

        assertThat(json(only().body())).isEqualTo(json("""
                {"voice_name":"Narrator","video_id":"vid-9","callback_url":"https://gw.example/cb",
                 "external_task_id":"req-1"}"""));
    }

    @Test
    void theJwtIsHs256WithIssNbfAndExpAsKlingDocumentsThem() {
        jwtClient().listVoices(1, 30);

        String token = only().bearerToken().orElseThrow();
        assertThat(part(token, 0)).isEqualTo(json("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
        assertThat(part(token, 1)).isEqualTo(json("{\"iss\":\"ak-test\",\"nbf\":" + (T.getEpochSecond() - 5)
                + ",\"exp\":" + (T.getEpochSecond() + 1800) + "}"));
        Algorithm.HMAC256("sk-test").verify(JWT.decode(token));
    }

    @Test
    void queriesListAndDeleteUseKlingsPathsAndBodies() {
        HttpKlingClient client = jwtClient();

        client.findByTaskId("860000000000000001");
        client.findByExternalTaskId("req-1");
        client.listVoices(2, 50);
        assertThatThrownBy(() -> client.deleteVoice("970000000000000001"));

        List<RecordedRequest> sent = kling.requests();
        assertThat(sent).extracting(r -> r.method() + " " + r.pathAndQuery()).containsExactly(
                "GET /v1/general/custom-voices/860000000000000001",
                "GET /v1/general/custom-voices/req-1",
                "GET /v1/general/custom-voices?pageNum=2&pageSize=50",
                "POST /v1/general/delete-voices");
        assertThat(sent.subList(0, 3)).extracting(RecordedRequest::body).containsOnly("");
        assertThat(json(sent.get(3).body())).isEqualTo(json("{\"voice_id\":\"970000000000000001\"}"));
        assertThat(sent).allSatisfy(r -> assertThat(r.header("content-type")).contains("application/json"));
    }

    @Test
    void anApiKeyIsSentAsTheBearerTokenUnchanged() {
        new HttpKlingClient(kling.baseUrl(), KlingCredentials.apiKey("key-123"), TIMEOUT, TIMEOUT).listVoices(1, 1);

        assertThat(only().headers().get("authorization")).containsExactly("Bearer key-123");
    }

    @Test
    void theTokenIsReusedUntilFiveMinutesBeforeItExpires() {
        HttpKlingClient client = jwtClient();

        client.listVoices(1, 1);
        advanceBoth(Duration.ofMinutes(24).plusSeconds(59));
        client.listVoices(1, 1);
        advanceBoth(Duration.ofSeconds(1));
        client.listVoices(1, 1);

        List<String> tokens = kling.requests().stream().map(r -> r.bearerToken().orElseThrow()).toList();
        assertThat(tokens.get(1)).isEqualTo(tokens.get(0));
        assertThat(tokens.get(2)).isNotEqualTo(tokens.get(1));
        assertThat(part(tokens.get(2), 1).get("nbf").asLong()).isEqualTo(T.getEpochSecond() + 25 * 60 - 5);
    }

    @Test
    void anExpiredTokenIsReMintedOnceAndTheCallRetried() {
        HttpKlingClient client = jwtClient();
        client.listVoices(1, 1);
        clientClock.advance(Duration.ofMinutes(20));
        klingClock.advance(Duration.ofMinutes(31));
        kling.clearRequests();

        client.listVoices(1, 1);

        List<RecordedRequest> sent = kling.requests();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).bearerToken()).isNotEqualTo(sent.get(0).bearerToken());
        assertThat(part(sent.get(1).bearerToken().orElseThrow(), 1).get("exp").asLong())
                .isEqualTo(T.getEpochSecond() + 20 * 60 + 1800);
    }

    @Test
    void aTokenRefusedTwiceIsForTheOperatorAfterExactlyOneRetry() {
        kling.faults().failRequests(SimulatorFaults.ANY, 5, 401, 1004, "token expired");

        assertThatThrownBy(() -> jwtClient().listVoices(1, 1))
                .isInstanceOfSatisfying(KlingOperatorException.class, e -> assertThat(e.code()).hasValue(1004));
        assertThat(kling.requests()).hasSize(2);
    }

    @Test
    void aNotYetValidTokenIsAlsoReMintedOnce() {
        kling.faults().failRequests(SimulatorFaults.ANY, 1, 401, 1003, "token not yet valid");

        jwtClient().listVoices(1, 1);

        assertThat(kling.requests()).hasSize(2);
    }

    @Test
    void anApiKeyIsNotRetriedOnAnExpiredTokenCode() {
        kling.faults().failRequests(SimulatorFaults.ANY, 1, 401, 1004, "token expired");
        HttpKlingClient client = new HttpKlingClient(kling.baseUrl(), KlingCredentials.apiKey("key-123"),
                TIMEOUT, TIMEOUT);

        assertThatThrownBy(() -> client.listVoices(1, 1)).isInstanceOf(KlingOperatorException.class);
        assertThat(kling.requests()).hasSize(1);
    }

    private HttpKlingClient jwtClient() {
        return new HttpKlingClient(kling.baseUrl(), KlingCredentials.accessKey("ak-test", "sk-test", clientClock),
                TIMEOUT, TIMEOUT);
    }

    private void advanceBoth(Duration by) {
        clientClock.advance(by);
        klingClock.advance(by);
    }

    private RecordedRequest only() {
        assertThat(kling.requests()).hasSize(1);
        return kling.requests().get(0);
    }

    private static JsonNode part(String jwt, int index) {
        byte[] decoded = Base64.getUrlDecoder().decode(jwt.split("\\.")[index]);
        return json(new String(decoded, StandardCharsets.UTF_8));
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
