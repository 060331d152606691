package io.voicegate.domain.kling;

import io.voicegate.domain.Voice;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A custom-voice task as Kling reports it. {@code finalUnitDeduction} is the number of resource-pack units Kling
 * charged ({@link KlingUnits}); absent until Kling reports it, and when what Kling sent is not a plain decimal (that
 * must not stop the outcome from being recorded: the settlement lets the hold stand).
 */
public record KlingTask(String taskId, Optional<String> externalTaskId, KlingTaskStatus status,
                        Optional<String> statusMessage, List<Voice> voices, Optional<BigDecimal> finalUnitDeduction,
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
