package io.voicegate.app;

import io.voicegate.domain.Voice;
import io.voicegate.domain.kling.CreateVoice;
import io.voicegate.domain.kling.KlingRetryableException;
import io.voicegate.domain.kling.KlingTask;
import io.voicegate.domain.kling.KlingTaskStatus;
import io.voicegate.port.KlingClient;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link KlingClient} whose tasks follow a script: each created task finishes {@code succeed} (units "0.05", one
 * voice) at a set time after creation, or never; lookups can be made to answer "not found" or fail. Counts queries.
 */
public class ScriptedKling implements KlingClient {

    private final Clock clock;
    private final Map<String, KlingTask> byExternalId = new HashMap<>();
    private final Map<String, Instant> finishesAt = new HashMap<>();
    final AtomicInteger queries = new AtomicInteger();
    java.time.Duration taskTime = java.time.Duration.ofSeconds(5);
    boolean neverFinish;
    boolean forgetTasks;
    boolean unavailable;
    String units = "0.05";
    private int ids;
    /** The {@code voice_name} of every create, in order: Kling's view of the names. */
    final List<String> createdNames = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ScriptedKling(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized KlingTask createVoice(CreateVoice command) {
        if (createdNames.contains(command.voiceName())) {
            throw new io.voicegate.domain.kling.KlingRejectedException(1201, "voice_name already exists",
                    Optional.empty());
        }
        createdNames.add(command.voiceName());
        KlingTask task = new KlingTask("t-" + (++ids), Optional.of(command.externalTaskId()),
                KlingTaskStatus.SUBMITTED, Optional.empty(), List.of(), Optional.empty(), clock.instant(),
                clock.instant());
        byExternalId.put(command.externalTaskId(), task);
        finishesAt.put(task.taskId(), clock.instant().plus(taskTime));
        return task;
    }

    @Override
    public synchronized Optional<KlingTask> findByTaskId(String taskId) {
        return byExternalId.values().stream().filter(t -> t.taskId().equals(taskId)).findFirst()
                .flatMap(t -> now(t));
    }

    @Override
    public synchronized Optional<KlingTask> findByExternalTaskId(String externalTaskId) {
        return Optional.ofNullable(byExternalId.get(externalTaskId)).flatMap(this::now);
    }

    /** The task as it is now: processing until its finish time, then succeeded. */
    private Optional<KlingTask> now(KlingTask created) {
        queries.incrementAndGet();
        if (unavailable) {
            throw new KlingRetryableException("scripted outage", null);
        }
        if (forgetTasks) {
            return Optional.empty();
        }
        boolean done = !neverFinish && !clock.instant().isBefore(finishesAt.get(created.taskId()));
        return Optional.of(done ? succeeded(created) : new KlingTask(created.taskId(), created.externalTaskId(),
                KlingTaskStatus.PROCESSING, Optional.empty(), List.of(), Optional.empty(), created.createdAt(),
                clock.instant()));
    }

    /** The finished form of a task: one voice, {@link #units} units. */
    KlingTask succeeded(KlingTask created) {
        return new KlingTask(created.taskId(), created.externalTaskId(), KlingTaskStatus.SUCCEED, Optional.empty(),
                List.of(new Voice("v-" + created.taskId(), "ada", "https://kling.example/t.mp3")),
                Optional.of(units), created.createdAt(), finishesAt.get(created.taskId()));
    }

    /** When the task made for this request finishes. */
    synchronized Instant finishOf(String requestId) {
        return finishesAt.get(byExternalId.get(requestId).taskId());
    }

    synchronized KlingTask taskOf(String requestId) {
        return byExternalId.get(requestId);
    }

    @Override
    public List<KlingTask> listVoices(int pageNum, int pageSize) {
        return List.of();
    }

    @Override
    public void deleteVoice(String voiceId) {
    }
}
