package io.voicegate.local.kling;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class KlingSimulatorCallbackTest {

    private final CallbackReceiver receiver = new CallbackReceiver();
    private KlingSimulator kling;
    private RawKling raw;

    @BeforeEach
    void start() {
        kling = KlingSimulator.builder().apiKey("key").manualLifecycle().start();
        raw = new RawKling(kling.baseUrl(), Optional.of("Bearer key"));
    }

    @AfterEach
    void stop() {
        kling.close();
        receiver.close();
    }

    @Test
    void onItsOwnATaskMovesOnAndCallsBackOnEachChangeWithTheBareTaskObject() throws Exception {
        try (KlingSimulator timed = KlingSimulator.builder().apiKey("key")
                .lifecycle(Duration.ofMillis(50), Duration.ofMillis(50)).start()) {
            RawKling caller = new RawKling(timed.baseUrl(), Optional.of("Bearer key"));
            String taskId = caller.create("Narrator", "ext-1", receiver.url("/cb/ext-1")).get("task_id").asText();

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> receiver.statuses(taskId), s -> s.equals(List.of("processing", "succeed")));

            JsonNode last = receiver.bodies().get(1);
            assertThat(last.has("code")).isFalse();
            assertThat(last.get("task_id").asText()).isEqualTo(taskId);
            assertThat(last.at("/task_info/external_task_id").asText()).isEqualTo("ext-1");
            assertThat(last.at("/task_result/voices/0/voice_name").asText()).isEqualTo("Narrator");
            assertThat(last.at("/task_result/voices/0/voice_id").asText()).isNotBlank();
            assertThat(last.get("final_unit_deduction").asText()).isEqualTo("0.05");
            assertThat(last.get("updated_at").asLong()).isGreaterThanOrEqualTo(last.get("created_at").asLong());
            assertThat(last).isEqualTo(caller.get("/v1/general/custom-voices/" + taskId).json().get("data"));
            assertThat(timed.callbacks()).extracting(d -> d.httpStatus().orElse(-1)).containsOnly(200);
        }
    }

    @Test
    void aFailedTaskCallsBackWithItsReason() {
        kling.faults().failTask("ext-1", "content security policy: voice of a public figure");
        String taskId = createAndFinish("ext-1");

        await().until(() -> receiver.statuses(taskId), s -> s.equals(List.of("processing", "failed")));

        JsonNode last = receiver.bodies().get(1);
        assertThat(last.get("task_status_msg").asText()).isEqualTo("content security policy: voice of a public figure");
        assertThat(last.at("/task_result/voices").isEmpty()).isTrue();
    }

    @Test
    void aSuccessWithoutVoicesCallsBackWithAnEmptyVoiceList() {
        kling.faults().succeedWithoutVoices("ext-1");
        String taskId = createAndFinish("ext-1");

        await().until(() -> receiver.statuses(taskId), s -> s.equals(List.of("processing", "succeed")));

        assertThat(receiver.bodies().get(1).at("/task_result/voices").isEmpty()).isTrue();
    }

    @Test
    void duplicateCallbacksArriveTwiceEach() {
        kling.faults().callbacks("ext-1", CallbackFault.DUPLICATE);
        String taskId = createAndFinish("ext-1");

        await().until(() -> receiver.statuses(taskId),
                s -> s.equals(List.of("processing", "processing", "succeed", "succeed")));
    }

    @Test
    void outOfOrderCallbacksDeliverTheTerminalStatusFirst() {
        kling.faults().callbacks("ext-1", CallbackFault.OUT_OF_ORDER);
        String taskId = createAndFinish("ext-1");

        await().until(() -> receiver.statuses(taskId), s -> s.equals(List.of("succeed", "processing")));
    }

    @Test
    void droppedCallbacksNeverArrive() {
        kling.faults().callbacks("ext-drop-all", CallbackFault.DROP_ALL);
        kling.faults().callbacks("ext-drop-end", CallbackFault.DROP_TERMINAL);
        String allDropped = createAndFinish("ext-drop-all");
        String endDropped = createAndFinish("ext-drop-end");

        String control = createAndFinish("ext-control");
        await().until(() -> receiver.statuses(control), s -> s.equals(List.of("processing", "succeed")));

        assertThat(receiver.statuses(allDropped)).isEmpty();
        assertThat(receiver.statuses(endDropped)).containsExactly("processing");
    }

    @Test
    void aFinishedTaskDoesNotMoveOrCallBackAgain() {
        String taskId = createAndFinish("ext-1");
        kling.advance(taskId);

        String control = createAndFinish("ext-control");
        await().until(() -> receiver.statuses(control), s -> s.size() == 2);

        assertThat(receiver.statuses(taskId)).containsExactly("processing", "succeed");
    }

    private String createAndFinish(String externalId) {
        String taskId = raw.create("N-" + externalId, externalId, receiver.url("/cb/" + externalId)).get("task_id").asText();
        kling.advance(taskId);
        kling.advance(externalId);
        return taskId;
    }
}
