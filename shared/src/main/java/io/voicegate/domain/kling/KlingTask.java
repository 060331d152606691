package io.voicegate.domain.kling;

import io.voicegate.domain.Voice;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A custom-voice task as Kling reports it. {@code finalUnitDeduction} is the number of resource-pack units Kling
 * charged, the text exactly as sent (a decimal string on the wire, e.g. {@code "0.05"}; Kling API notes §5 "Billing");
 * absent until Kling reports it. It is not parsed here: text that is not a usable number must not stop the outcome
 * from being recorded (settlement decides, see {@link io.voicegate.domain.Settlement}).
 */
public record KlingTask(String taskId, Optional<String> externalTaskId, KlingTaskStatus status,
                        Optional<String> statusMessage, List<Voice> voices, Optional<String> finalUnitDeduction,
                        Instant createdAt, Instant updatedAt) {

    public KlingTask {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(externalTaskId, "externalTaskId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(statusMessage, "statusMessage");
        voices = List.copyOf(voices);
        Objects.requireNonNull(finalUnitDeduction, "finalUnitDeduction");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
