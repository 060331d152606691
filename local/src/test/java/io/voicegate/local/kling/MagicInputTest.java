package io.voicegate.local.kling;

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
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A marker in a create's {@code voice_url} file name or {@code video_id} scripts that task, and only that task. */
class MagicInputTest {

    private static final String VOICES = "/v1/general/custom-voices";
    /** Nothing listens there: a callback POST is attempted and recorded without a status. */
    private static final String CALLBACK = "http://127.0.0.1:9/callback";

    private KlingSimulator kling;
    private RawKling raw;

    @BeforeEach
    void start() {
        kling = KlingSimulator.builder().apiKey("console-key").clock(new MutableClock(Instant.parse(
                "2026-03-01T10:00:00Z"))).manualLifecycle().start();
        raw = new RawKling(kling.baseUrl(), Optional.of("Bearer console-key"));
    }

    @AfterEach
    void stop() {
        kling.close();
    }

    private RawKling.Reply create(String source, String externalId) throws IOException {
        return raw.post(VOICES, "{\"voice_name\":\"" + externalId + "\"," + source + ",\"callback_url\":\"" + CALLBACK
                + "\",\"external_task_id\":\"" + externalId + "\"}");
    }

    /** Creates the task and moves it as far as it goes; returns it as a query answers. */
    private JsonNode finished(String source, String externalId) throws IOException {
        String taskId = create(source, externalId).json().at("/data/task_id").asText();
        kling.advance(taskId);
        kling.advance(taskId);
        return raw.get(VOICES + "/" + taskId).json().get("data");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "'\"voice_url\":\"https://cdn.example.com/a/simulate-failure.mp3\"' | failed  | "
                + "Simulated failure: the voice could not be cloned",
        "'\"video_id\":\"clip-simulate-content-policy\"'                     | failed  | "
                + "Failure to pass the risk control system",
        "'\"video_id\":\"simulate-never-ending\"'                             | processing |",
        "'\"voice_url\":\"https://cdn.example.com/simulate-no-units.wav\"'    | succeed |"})
    void aMarkerDecidesHowTheTaskEnds(String source, String status, String message) throws IOException {
        JsonNode task = finished(source, "ext-1");

        assertThat(task.get("task_status").asText()).isEqualTo(status);
        if (message != null) {
            assertThat(task.get("task_status_msg").asText()).isEqualTo(message);
        }
        if (source.contains("no-units")) {
            assertThat(task.get("final_unit_deduction").asText()).isEqualTo("abc");
        }
    }

    @Test
    void aRejectionMarkerRefusesTheCreateAndMakesNoTask() throws IOException {
        RawKling.Reply reply = create("\"video_id\":\"simulate-rejection\"", "ext-1");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo(1201);
        assertThat(kling.taskCount()).isZero();
    }

    @Test
    void aLostCallbacksMarkerSendsNoCallbackWhileAnUnmarkedTaskSendsItsOwn() throws IOException {
        JsonNode lost = finished("\"video_id\":\"simulate-lost-callbacks\"", "ext-1");
        JsonNode plain = finished("\"video_id\":\"plain-clip\"", "ext-2");

        await().atMost(Duration.ofSeconds(10)).until(() -> kling.callbacks().stream()
                .filter(c -> c.taskId().equals(plain.get("task_id").asText())).count() == 2);
        assertThat(lost.get("task_status").asText()).isEqualTo("succeed");
        assertThat(kling.callbacks()).noneMatch(c -> c.taskId().equals(lost.get("task_id").asText()));
    }

    @Test
    void withoutAMarkerATaskSucceedsAsUsual() throws IOException {
        JsonNode task = finished("\"voice_url\":\"https://cdn.example.com/simulate.mp3\"", "ext-1");

        assertThat(task.get("task_status").asText()).isEqualTo("succeed");
        assertThat(task.get("final_unit_deduction").asText()).isEqualTo("0.05");
    }
}
