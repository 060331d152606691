package io.voicegate.app;

import io.voicegate.domain.kling.KlingException;
import io.voicegate.domain.kling.KlingTask;
import io.voicegate.port.KlingClient;

import java.util.Optional;

/**
 * Asks Kling what became of a request: the one question the callbacks ({@link ReceiveKlingCallback}), the scheduled
 * checks and the sweeper ({@link RefreshKlingTask}) ask, the same way. By task id when one is known (the request's,
 * or the one a callback names: {@code GET /v1/general/custom-voices/{task_id}}), else by the request id, which the
 * gateway sends as the task's {@code external_task_id} (Kling API notes §3 "Query").
 */
public class AskKling {

    private final KlingClient kling;

    public AskKling(KlingClient kling) {
        this.kling = kling;
    }

    /**
     * @return the task as Kling reports it now; empty when Kling does not know it
     * @throws KlingException when Kling cannot be asked
     */
    public Optional<KlingTask> about(String requestId, Optional<String> taskId) {
        return taskId.isPresent() ? kling.findByTaskId(taskId.get()) : kling.findByExternalTaskId(requestId);
    }
}
