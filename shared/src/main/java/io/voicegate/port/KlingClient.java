package io.voicegate.port;

import io.voicegate.domain.kling.CreateVoice;
import io.voicegate.domain.kling.KlingTask;

import java.util.List;
import java.util.Optional;

/**
 * Kling's custom-voice API. Every failure is a {@link io.voicegate.domain.kling.KlingException} whose subclass says
 * what to do next:
 * <ul>
 *   <li>{@link io.voicegate.domain.kling.KlingRetryableException}: nothing happened; retry with backoff;</li>
 *   <li>{@link io.voicegate.domain.kling.KlingAmbiguousException}: only from {@link #createVoice}; the task may
 *       exist, so look it up by external task id before creating again;</li>
 *   <li>{@link io.voicegate.domain.kling.KlingRejectedException}: the request itself is refused; do not retry;</li>
 *   <li>{@link io.voicegate.domain.kling.KlingOperatorException}: our account or credentials; retry and alarm.</li>
 * </ul>
 * An expired or not-yet-valid token (1003, 1004) has already been re-minted and the call retried once.
 */
public interface KlingClient {

    /**
     * Creates a custom-voice task. Kling answers at once with the task {@code submitted}; the voice arrives later
     * (callback or query). Kling rejects a second task with the same external task id (1201).
     *
     * @return the new task, normally {@code SUBMITTED} and without voices
     */
    KlingTask createVoice(CreateVoice command);

    /** The task with Kling's task id, or empty when Kling does not know it. */
    Optional<KlingTask> findByTaskId(String taskId);

    /**
     * The task created with this external task id, or empty when Kling does not know it. Empty is what makes a new
     * create safe after an ambiguous one.
     */
    Optional<KlingTask> findByExternalTaskId(String externalTaskId);

    /**
     * One page of the account's custom-voice tasks, each with its voices. Kling gives no total or cursor: a page
     * shorter than {@code pageSize} is the last.
     *
     * @param pageNum  1-based page number, 1..1000
     * @param pageSize tasks per page, 1..1000
     */
    List<KlingTask> listVoices(int pageNum, int pageSize);

    /**
     * Deletes a custom voice; preset voices cannot be deleted. An unknown voice id is a
     * {@link io.voicegate.domain.kling.KlingRejectedException}.
     */
    void deleteVoice(String voiceId);
}
