package io.voicegate.app;

import io.voicegate.domain.kling.KlingTask;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AskKlingTest {

    private final Gateway gateway = new Gateway();
    private final List<String> asked = new ArrayList<>();
    private final ScriptedKling kling = new ScriptedKling(gateway.clock) {
        @Override
        public synchronized Optional<KlingTask> findByTaskId(String taskId) {
            asked.add("task " + taskId);
            return gateway.kling.findByTaskId(taskId);
        }

        @Override
        public synchronized Optional<KlingTask> findByExternalTaskId(String externalTaskId) {
            asked.add("external " + externalTaskId);
            return gateway.kling.findByExternalTaskId(externalTaskId);
        }
    };

    @Test
    void asksByTheTaskIdWhenOneIsKnownElseByTheRequestIdAsExternalId() {
        String id = gateway.processing();
        String taskId = gateway.kling.taskOf(id).taskId();
        AskKling ask = new AskKling(kling);

        Optional<KlingTask> byTask = ask.about(id, Optional.of(taskId));
        Optional<KlingTask> byRequest = ask.about(id, Optional.empty());
        Optional<KlingTask> unknown = ask.about("no-such-request", Optional.empty());

        assertThat(asked).containsExactly("task " + taskId, "external " + id, "external no-such-request");
        assertThat(byTask).map(KlingTask::taskId).contains(taskId);
        assertThat(byRequest).map(KlingTask::taskId).contains(taskId);
        assertThat(unknown).isEmpty();
    }
}
