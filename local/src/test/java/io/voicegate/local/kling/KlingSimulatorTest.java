package io.voicegate.local.kling;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.app.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KlingSimulatorTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final String VOICES = "/v1/general/custom-voices";
    private static final String DELETE = "/v1/general/delete-voices";
    private static final String EXT_1_FROM_VIDEO = """
            {"voice_name":"N","video_id":"v","external_task_id":"ext-1"}""";

    private KlingSimulator kling;
    private RawKling raw;

    @BeforeEach
    void start() {
        kling = started(KlingSimulator.builder());
        raw = new RawKling(kling.baseUrl(), Optional.of("Bearer " + jwt("ak", "sk", NOW.minusSeconds(5),
                NOW.plusSeconds(1800))));
    }

    @AfterEach
    void stop() {
        kling.close();
    }

    @Test
    void aValidJwtOrApiKeyIsAcceptedAndAnsweredInTheEnvelope() throws IOException {
        RawKling.Reply withJwt = raw.get(VOICES);
        RawKling.Reply withKey = raw.withAuthorization("Bearer console-key").get(VOICES);

        assertThat(withJwt.status()).isEqualTo(200);
        assertThat(withJwt.code()).isZero();
        assertThat(withJwt.json().get("request_id").asText()).isNotBlank();
        assertThat(withJwt.json().get("data").isArray()).isTrue();
        assertThat(withKey.code()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no header                 | 1001",
        "not a bearer              | 1002",
        "not a JWT                 | 1002",
        "signed with another key   | 1002",
        "issued by another AK      | 1002",
        "not valid yet             | 1003",
        "expired                   | 1004"})
    void badCredentialsAreRefusedWithKlingsCodes(String situation, int code) throws IOException {
        RawKling caller = switch (situation) {
            case "no header" -> raw.withoutAuthorization();
            case "not a bearer" -> raw.withAuthorization("Basic YWs6c2s=");
            case "not a JWT" -> raw.withAuthorization("Bearer abc.def.ghi");
            case "signed with another key" -> bearer(jwt("ak", "other", NOW, NOW.plusSeconds(60)));
            case "issued by another AK" -> bearer(jwt("other", "sk", NOW, NOW.plusSeconds(60)));
            case "not valid yet" -> bearer(jwt("ak", "sk", NOW.plusSeconds(10), NOW.plusSeconds(60)));
            case "expired" -> bearer(jwt("ak", "sk", NOW.minusSeconds(60), NOW));
            default -> throw new IllegalArgumentException(situation);
        };

        RawKling.Reply reply = caller.get(VOICES);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.code()).isEqualTo(code);
        assertThat(reply.json().has("data")).isFalse();
        assertThat(kling.requests()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        not JSON            | `not json`                                                      | 1200
        no voice_name       | `{"voice_url":"https://a.example/v.mp3"}`                       | 1201
        voice_name too long | `{"voice_name":"ABCDEFGHIJKLMNOPQRSTU","video_id":"v1"}`        | 1201
        both sources        | `{"voice_name":"N","video_id":"v1","voice_url":"https://a.example/v.mp3"}` | 1201
        no source           | `{"voice_name":"N","video_id":""}`                              | 1201
        relative voice_url  | `{"voice_name":"N","voice_url":"/v.mp3"}`                       | 1201
        bad callback_url    | `{"voice_name":"N","video_id":"v1","callback_url":"ftp://x.example/"}` | 1201
        """)
    void invalidCreatesAreRefusedAndCreateNothing(String situation, String body, int code) throws IOException {
        RawKling.Reply reply = raw.post(VOICES, body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo(code);
        assertThat(kling.taskCount()).isZero();
    }

    @Test
    void aTwentyCharacterNameWithAnEmptyVideoIdBesideAVoiceUrlIsAccepted() throws IOException {
        RawKling.Reply reply = raw.post(VOICES, """
                {"voice_name":"ABCDEFGHIJKLMNOPQRST","voice_url":"https://a.example/v.mp3","video_id":""}""");

        assertThat(reply.code()).isZero();
        assertThat(reply.json().at("/data/task_status").asText()).isEqualTo("submitted");
    }

    @Test
    void aTaskIsFoundByTaskIdOrExternalIdAndAnUnknownIdIsNotFound() throws IOException {
        String taskId = raw.create("N", "ext-1", "https://gw.example/cb").get("task_id").asText();

        JsonNode byTask = raw.get(VOICES + "/" + taskId).json().get("data");
        JsonNode byExternal = raw.get(VOICES + "/ext-1").json().get("data");
        RawKling.Reply unknown = raw.get(VOICES + "/nope");

        assertThat(byTask).isEqualTo(byExternal);
        assertThat(byTask.at("/task_info/external_task_id").asText()).isEqualTo("ext-1");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo(1203);
    }

    @Test
    void aNameALiveVoiceHasIsRefusedUntilThatVoiceIsDeleted() throws IOException {
        String taskId = raw.create("ada", "ext-1", "https://gw.example/cb").get("task_id").asText();
        RawKling.Reply whileRunning = raw.post(VOICES, """
                {"voice_name":"ada","video_id":"v","external_task_id":"ext-2"}""");
        kling.advance(taskId);
        kling.advance(taskId);
        String voiceId = raw.get(VOICES + "/" + taskId).json().at("/data/task_result/voices/0/voice_id").asText();
        RawKling.Reply whileVoiceExists = raw.post(VOICES, """
                {"voice_name":"ada","video_id":"v","external_task_id":"ext-3"}""");
        raw.post(DELETE, "{\"voice_id\":\"" + voiceId + "\"}");
        RawKling.Reply afterDelete = raw.post(VOICES, """
                {"voice_name":"ada","video_id":"v","external_task_id":"ext-4"}""");

        assertThat(whileRunning.status()).isEqualTo(400);
        assertThat(whileRunning.code()).isEqualTo(1201);
        assertThat(whileVoiceExists.code()).isEqualTo(1201);
        assertThat(afterDelete.code()).isZero();
        assertThat(kling.voiceNameCollisions()).isEqualTo(2);
    }

    @Test
    void aWrongMethodIsCode1202() throws IOException {
        RawKling.Reply reply = raw.send("DELETE", VOICES, java.net.http.HttpRequest.BodyPublishers.noBody());

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.code()).isEqualTo(1202);
    }

    @Test
    void aTakenExternalIdIsRefusedUnlessDuplicatesAreAllowed() throws IOException {
        raw.create("N", "ext-1", "https://gw.example/cb");

        RawKling.Reply again = raw.post(VOICES, EXT_1_FROM_VIDEO);

        assertThat(again.status()).isEqualTo(400);
        assertThat(again.code()).isEqualTo(1201);
        assertThat(kling.tasksCreatedFor("ext-1")).isEqualTo(1);
        try (KlingSimulator lenient = started(KlingSimulator.builder().rejectDuplicateExternalIds(false)
                .uniqueVoiceNames(false))) {
            RawKling other = new RawKling(lenient.baseUrl(), Optional.of("Bearer console-key"));
            other.create("N", "ext-1", "https://gw.example/cb");
            other.create("N", "ext-1", "https://gw.example/cb");
            assertThat(lenient.tasksCreatedFor("ext-1")).isEqualTo(2);
        }
    }

    @Test
    void aDroppedCreateConnectionStillCreatesTheTask() {
        kling.faults().loseCreateResponse("ext-1", LostResponse.DROP_CONNECTION);

        assertThatThrownBy(() -> raw.post(VOICES, EXT_1_FROM_VIDEO))
                .isInstanceOf(IOException.class);
        assertThat(kling.tasksCreatedFor("ext-1")).isEqualTo(1);
        assertThat(kling.task("ext-1")).isPresent();
    }

    @Test
    void scriptedErrorsAreUsedUpThenAnswersAreNormal() throws IOException {
        kling.faults().rateLimit(SimulatorFaults.ANY, 2);

        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            codes.add(raw.get(VOICES).code());
        }

        assertThat(codes).containsExactly(1303, 1303, 0);
    }

    @Test
    void aDelayedAnswerArrivesNoSoonerThanTheDelay() throws IOException {
        raw.create("N", "ext-1", "https://gw.example/cb");
        kling.faults().delayResponses("ext-1", 1, Duration.ofMillis(700));

        long started = System.nanoTime();
        RawKling.Reply reply = raw.get(VOICES + "/ext-1");

        assertThat(reply.code()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
    }

    @Test
    void randomFaultsReplayExactlyFromTheirSeed() throws IOException {
        FaultRates rates = FaultRates.none().withServerErrors(0.3).withRateLimits(0.3);

        List<Integer> first = codesWithRandomFaults(kling, rates);
        try (KlingSimulator twin = started(KlingSimulator.builder())) {
            List<Integer> second = codesWithRandomFaults(twin, rates);

            assertThat(second).isEqualTo(first);
        }
        assertThat(first).contains(0, 1303, 5000);
    }

    private static List<Integer> codesWithRandomFaults(KlingSimulator simulator, FaultRates rates) throws IOException {
        simulator.faults().randomly(42L, rates);
        RawKling caller = new RawKling(simulator.baseUrl(), Optional.of("Bearer console-key"));
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            codes.add(caller.get(VOICES).code());
        }
        return codes;
    }

    private RawKling bearer(String token) {
        return raw.withAuthorization("Bearer " + token);
    }

    /** Kling's concurrency rule [K-CONC]: a task holds a slot from submitted until it ends, failures included. */
    @Test
    void beyondItsConcurrencyLimitACreateIsRefusedWith1303UntilATaskEnds() throws IOException {
        try (KlingSimulator limited = started(KlingSimulator.builder().concurrencyLimit(2))) {
            limited.faults().failTask("b", "Failure to pass the risk control system");
            RawKling caller = new RawKling(limited.baseUrl(), Optional.of("Bearer console-key"));
            caller.post(VOICES, "{\"voice_name\":\"a\",\"video_id\":\"v\",\"external_task_id\":\"a\"}");
            caller.post(VOICES, "{\"voice_name\":\"b\",\"video_id\":\"v\",\"external_task_id\":\"b\"}");

            RawKling.Reply third = caller.post(VOICES, "{\"voice_name\":\"c\",\"video_id\":\"v\","
                    + "\"external_task_id\":\"c\"}");
            limited.advance("a");
            RawKling.Reply whileProcessing = caller.post(VOICES, "{\"voice_name\":\"c\",\"video_id\":\"v\","
                    + "\"external_task_id\":\"c\"}");
            limited.advance("b");
            limited.advance("b");
            RawKling.Reply afterAFailure = caller.post(VOICES, "{\"voice_name\":\"c\",\"video_id\":\"v\","
                    + "\"external_task_id\":\"c\"}");

            assertThat(third.status()).isEqualTo(429);
            assertThat(third.code()).isEqualTo(1303);
            assertThat(whileProcessing.code()).isEqualTo(1303);
            assertThat(afterAFailure.code()).isZero();
            assertThat(limited.concurrencyRefusals()).isEqualTo(2);
            assertThat(limited.tasksInFlight()).isEqualTo(2);
            assertThat(limited.tasksCreatedFor("c")).isEqualTo(1);
        }
    }

    @Test
    void aTaskEndsItsTaskTimeAfterItsCreate() throws IOException {
        try (KlingSimulator timed = KlingSimulator.builder().apiKey("console-key").taskTime(Duration.ofMillis(300))
                .start()) {
            RawKling caller = new RawKling(timed.baseUrl(), Optional.of("Bearer console-key"));
            long start = System.nanoTime();
            caller.post(VOICES, "{\"voice_name\":\"t\",\"video_id\":\"v\",\"external_task_id\":\"t\"}");

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                    .until(() -> timed.task("t").orElseThrow().contains("\"succeed\""));
            long tookMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(tookMs).isBetween(300L, 2_000L);
        }
    }

    private static KlingSimulator started(KlingSimulatorBuilder builder) {
        return builder.accessKey("ak", "sk").apiKey("console-key").clock(new MutableClock(NOW)).manualLifecycle()
                .start();
    }

    private static String jwt(String accessKey, String secretKey, Instant notBefore, Instant expiresAt) {
        return JWT.create().withIssuer(accessKey).withNotBefore(notBefore).withExpiresAt(expiresAt)
                .sign(Algorithm.HMAC256(secretKey));
    }
}
