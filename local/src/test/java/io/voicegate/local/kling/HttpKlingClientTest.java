package io.voicegate.local.kling;

import io.voicegate.adapter.kling.HttpKlingClient;
import io.voicegate.adapter.kling.KlingCredentials;
import io.voicegate.domain.Voice;
import io.voicegate.domain.kling.CreateVoice;
import io.voicegate.domain.kling.KlingAmbiguousException;
import io.voicegate.domain.kling.KlingOperatorException;
import io.voicegate.domain.kling.KlingRejectedException;
import io.voicegate.domain.kling.KlingRetryableException;
import io.voicegate.domain.kling.KlingTask;
import io.voicegate.domain.kling.KlingTaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpKlingClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private KlingSimulator kling;
    private HttpKlingClient client;

    @BeforeEach
    void start() {
        kling = KlingSimulator.builder().accessKey("ak-test", "sk-test").manualLifecycle().start();
        client = clientWithTimeout(TIMEOUT);
    }

    @AfterEach
    void stop() {
        kling.close();
    }

    @Test
    void createAnswersWithTheSubmittedTask() {
        KlingTask task = client.createVoice(command("req-1"));

        assertThat(task.status()).isEqualTo(KlingTaskStatus.SUBMITTED);
        assertThat(task.externalTaskId()).contains("req-1");
        assertThat(task.voices()).isEmpty();
        assertThat(task.finalUnitDeduction()).isEmpty();
        assertThat(kling.tasksCreatedFor("req-1")).isEqualTo(1);
    }

    @Test
    void aFinishedTaskIsFoundByTaskIdAndByExternalIdWithItsVoiceAndCharge() {
        KlingTask created = client.createVoice(command("req-1"));
        kling.advance(created.taskId());
        kling.advance(created.taskId());

        KlingTask byTaskId = client.findByTaskId(created.taskId()).orElseThrow();
        KlingTask byExternalId = client.findByExternalTaskId("req-1").orElseThrow();

        assertThat(byTaskId).isEqualTo(byExternalId);
        assertThat(byTaskId.status()).isEqualTo(KlingTaskStatus.SUCCEED);
        assertThat(byTaskId.voices()).singleElement().satisfies(voice -> {
            assertThat(voice.voiceName()).isEqualTo("N-req-1");
            assertThat(voice.voiceId()).isNotBlank();
            assertThat(voice.trialUrl()).startsWith("https://");
        });
        assertThat(byTaskId.finalUnitDeduction()).contains(new java.math.BigDecimal("0.05"));
        assertThat(byTaskId.createdAt()).isEqualTo(created.createdAt());
    }

    @Test
    void anUnknownTaskIsEmpty() {
        assertThat(client.findByTaskId("860000000000009999")).isEmpty();
        assertThat(client.findByExternalTaskId("never-sent")).isEmpty();
    }

    @Test
    void aFailedTaskCarriesKlingsReason() {
        kling.faults().failTask("req-1", "Audio contains more than one speaker");
        KlingTask created = client.createVoice(command("req-1"));
        kling.advance(created.taskId());
        kling.advance(created.taskId());

        KlingTask task = client.findByTaskId(created.taskId()).orElseThrow();

        assertThat(task.status()).isEqualTo(KlingTaskStatus.FAILED);
        assertThat(task.statusMessage()).contains("Audio contains more than one speaker");
        assertThat(task.voices()).isEmpty();
    }

    @Test
    void aSuccessWithoutVoicesIsReportedAsSuch() {
        kling.faults().succeedWithoutVoices("req-1");
        KlingTask created = client.createVoice(command("req-1"));
        kling.advance(created.taskId());
        kling.advance(created.taskId());

        KlingTask task = client.findByExternalTaskId("req-1").orElseThrow();

        assertThat(task.status()).isEqualTo(KlingTaskStatus.SUCCEED);
        assertThat(task.voices()).isEmpty();
    }

    @Test
    void listShowsVoicesNewestFirstAndDeleteRemovesOne() {
        Voice first = finishedVoice("req-1");
        Voice second = finishedVoice("req-2");

        List<KlingTask> page = client.listVoices(1, 30);
        client.deleteVoice(first.voiceId());
        List<KlingTask> afterDelete = client.listVoices(1, 30);

        assertThat(page).extracting(t -> t.voices().get(0)).containsExactly(second, first);
        assertThat(afterDelete).extracting(t -> t.voices().get(0)).containsExactly(second);
        assertThat(client.listVoices(2, 1)).isEmpty();
    }

    @Test
    void deletingAnUnknownVoiceIsRejected() {
        assertThatThrownBy(() -> client.deleteVoice("970000000000009999"))
                .isInstanceOfSatisfying(KlingRejectedException.class, e -> {
                    assertThat(e.code()).hasValue(1201);
                    assertThat(e.errorCode()).isEqualTo("upstream_rejected");
                });
    }

    @Test
    void rateLimitIsRetryableAndPassesOnceItClears() {
        kling.faults().rateLimit("req-1", 2);

        assertThatThrownBy(() -> client.createVoice(command("req-1")))
                .isInstanceOfSatisfying(KlingRetryableException.class, e -> {
                    assertThat(e.code()).hasValue(1303);
                    assertThat(e.requestId()).isPresent();
                });
        assertThatThrownBy(() -> client.createVoice(command("req-1"))).isInstanceOf(KlingRetryableException.class);
        assertThat(client.createVoice(command("req-1")).externalTaskId()).contains("req-1");
        assertThat(kling.tasksCreatedFor("req-1")).isEqualTo(1);
    }

    @Test
    void maintenanceIsRetryable() {
        kling.faults().failRequests("req-1", 1, 503, 5001, "service temporarily unavailable");

        assertThatThrownBy(() -> client.createVoice(command("req-1")))
                .isInstanceOfSatisfying(KlingRetryableException.class, e -> assertThat(e.code()).hasValue(5001));
        assertThat(kling.tasksCreatedFor("req-1")).isZero();
    }

    @Test
    void internalErrorIsAmbiguousOnCreateButRetryableOnQuery() {
        kling.faults().serverError(SimulatorFaults.ANY, 2);

        assertThatThrownBy(() -> client.createVoice(command("req-1")))
                .isInstanceOfSatisfying(KlingAmbiguousException.class, e -> assertThat(e.code()).hasValue(5000));
        assertThatThrownBy(() -> client.findByExternalTaskId("req-1"))
                .isInstanceOfSatisfying(KlingRetryableException.class, e -> assertThat(e.code()).hasValue(5000));
    }

    @Test
    void aLostCreateAnswerIsAmbiguousAndTheTaskIsFoundByExternalId() {
        kling.faults().loseCreateResponse("req-1", LostResponse.SERVER_TIMEOUT);
        kling.faults().loseCreateResponse("req-2", LostResponse.DROP_CONNECTION);

        assertThatThrownBy(() -> client.createVoice(command("req-1")))
                .isInstanceOfSatisfying(KlingAmbiguousException.class, e -> assertThat(e.code()).hasValue(5002));
        assertThatThrownBy(() -> client.createVoice(command("req-2")))
                .isInstanceOfSatisfying(KlingAmbiguousException.class, e -> assertThat(e.code()).isEmpty());

        assertThat(client.findByExternalTaskId("req-1")).isPresent();
        assertThat(client.findByExternalTaskId("req-2")).isPresent();
        assertThat(kling.tasksCreatedFor("req-2")).isEqualTo(1);
    }

    @Test
    void aCreateAnsweredAfterTheTimeoutIsAmbiguousAQueryRetryable() {
        HttpKlingClient impatient = clientWithTimeout(Duration.ofMillis(300));
        kling.faults().delayResponses("req-1", 2, Duration.ofSeconds(2));

        assertThatThrownBy(() -> impatient.createVoice(command("req-1")))
                .isInstanceOf(KlingAmbiguousException.class)
                .hasRootCauseInstanceOf(java.net.SocketTimeoutException.class);
        assertThatThrownBy(() -> impatient.findByExternalTaskId("req-1"))
                .isInstanceOf(KlingRetryableException.class);
        assertThat(impatient.findByExternalTaskId("req-1")).isPresent();
    }

    @Test
    void anUnreachableKlingIsRetryableBecauseNothingWasSent() {
        java.net.URI closed = kling.baseUrl();
        kling.close();
        HttpKlingClient unreachable = new HttpKlingClient(closed, credentials(), Duration.ofSeconds(1), TIMEOUT);

        assertThatThrownBy(() -> unreachable.createVoice(command("req-1")))
                .isInstanceOf(KlingRetryableException.class)
                .hasMessageContaining("nothing was sent");
    }

    @Test
    void invalidParametersAreRejectedWithKlingsMessage() {
        CreateVoice tooLong = new CreateVoice("A name longer than twenty", Optional.of("https://cdn.example/a.mp3"),
                Optional.empty(), "https://gw.example/cb", "req-1");

        assertThatThrownBy(() -> client.createVoice(tooLong))
                .isInstanceOfSatisfying(KlingRejectedException.class, e -> {
                    assertThat(e.code()).hasValue(1201);
                    assertThat(e.errorCode()).isEqualTo("upstream_rejected");
                    assertThat(e.klingMessage()).contains("voice_name");
                    assertThat(e.requestId()).isPresent();
                });
    }

    @Test
    void aSecondCreateWithTheSameExternalIdIsRejected() {
        client.createVoice(command("req-1"));

        assertThatThrownBy(() -> client.createVoice(command("req-1")))
                .isInstanceOfSatisfying(KlingRejectedException.class, e -> assertThat(e.code()).hasValue(1201));
        assertThat(kling.tasksCreatedFor("req-1")).isEqualTo(1);
        assertThat(kling.createAttemptsFor("req-1")).isEqualTo(2);
    }

    @Test
    void aPolicyBlockIsRejectedAsContentPolicy() {
        kling.faults().failRequests("req-1", 1, 400, 1301, "content security policy triggered");

        assertThatThrownBy(() -> client.createVoice(command("req-1")))
                .isInstanceOfSatisfying(KlingRejectedException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("content_policy");
                    assertThat(e.klingMessage()).isEqualTo("content security policy triggered");
                });
    }

    @Test
    void accountProblemsAreForTheOperator() {
        kling.faults().failRequests("req-1", 1, 429, 1102, "resource pack exhausted");
        kling.faults().failRequests("req-2", 1, 429, 1304, "ip not in allow-list");

        assertThatThrownBy(() -> client.createVoice(command("req-1")))
                .isInstanceOfSatisfying(KlingOperatorException.class, e -> assertThat(e.code()).hasValue(1102));
        assertThatThrownBy(() -> client.createVoice(command("req-2")))
                .isInstanceOfSatisfying(KlingOperatorException.class, e -> assertThat(e.code()).hasValue(1304));
    }

    @Test
    void aWrongApiKeyIsForTheOperatorAndIsNotRetried() {
        HttpKlingClient wrongKey = new HttpKlingClient(kling.baseUrl(), KlingCredentials.apiKey("not-a-key"),
                TIMEOUT, TIMEOUT);

        assertThatThrownBy(() -> wrongKey.findByTaskId("1"))
                .isInstanceOfSatisfying(KlingOperatorException.class, e -> assertThat(e.code()).hasValue(1002));
        assertThat(kling.requests()).hasSize(1);
    }

    private Voice finishedVoice(String externalId) {
        KlingTask created = client.createVoice(command(externalId));
        kling.advance(created.taskId());
        kling.advance(created.taskId());
        return client.findByTaskId(created.taskId()).orElseThrow().voices().get(0);
    }

    private HttpKlingClient clientWithTimeout(Duration requestTimeout) {
        return new HttpKlingClient(kling.baseUrl(), credentials(), TIMEOUT, requestTimeout);
    }

    private static KlingCredentials credentials() {
        return KlingCredentials.accessKey("ak-test", "sk-test", Clock.systemUTC());
    }

    private static CreateVoice command(String externalId) {
        String name = ("N-" + externalId).substring(0, Math.min(20, externalId.length() + 2));
        return new CreateVoice(name, Optional.of("https://cdn.example/voice.mp3"), Optional.empty(),
                "https://gw.example/callbacks/kling/" + externalId, externalId);
    }
}
