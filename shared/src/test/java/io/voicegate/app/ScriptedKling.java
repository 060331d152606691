package io.voicegate.app;

import io.voicegate.domain.Voice;
import io.voicegate.domain.kling.CreateVoice;
import io.voicegate.domain.kling.KlingAmbiguousException;
import io.voicegate.domain.kling.KlingOperatorException;
import io.voicegate.domain.kling.KlingRejectedException;
import io.voicegate.domain.kling.KlingRetryableException;
import io.voicegate.domain.kling.KlingTask;
import io.voicegate.domain.kling.KlingTaskStatus;
import io.voicegate.json.Json;
import io.voicegate.port.KlingClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link KlingClient} whose tasks follow a script, with Kling's rules for what it refuses (a second task with the
 * same external task id, a name already live, an unknown voice to delete: 1201). Each created task finishes
 * {@code succeed} (units {@link #units}, one voice) {@link #taskTime} after creation, or never; a task can be scripted
 * to fail with Kling's message or to succeed without voices, and calls can be scripted to fail the way Kling's do
 * (each failure a {@link io.voicegate.domain.kling.KlingException} of the kind the HTTP client throws). Counts
 * queries and keeps every create command.
 */
public class ScriptedKling implements KlingClient {

    private final Clock clock;
    private final Map<String, KlingTask> byExternalId = new LinkedHashMap<>();
    /** The create that made each task, by external task id: Kling names the voice as the create did. */
    private final Map<String, CreateVoice> madeBy = new HashMap<>();
    private final Map<String, Instant> finishesAt = new HashMap<>();
    private final Map<String, String> failures = new HashMap<>();
    private final List<String> withoutVoices = new ArrayList<>();
    private final List<String> deletedVoices = new ArrayList<>();
    /** Scripted failures of the next creates of a request (by external task id), in order. */
    private final Map<String, Deque<CreateFault>> createFaults = new HashMap<>();
    final AtomicInteger queries = new AtomicInteger();
    public Duration taskTime = Duration.ofSeconds(5);
    public boolean neverFinish;
    public boolean forgetTasks;
    public boolean unavailable;
    public String units = "0.05";
    private int ids;
    /** The {@code voice_name} of every create, in order: Kling's view of the names. */
    final List<String> createdNames = new CopyOnWriteArrayList<>();
    /** Every create command received, refused ones included, in order. */
    public final List<CreateVoice> creates = new CopyOnWriteArrayList<>();

    /** How a scripted create fails: before Kling acted, or after it created the task (a lost answer). */
    private record CreateFault(RuntimeException failure, boolean afterCreating) {
    }

    public ScriptedKling(Clock clock) {
        this.clock = clock;
    }

    /** The next {@code times} creates for the request are rate limited (1302): nothing is created. */
    public synchronized ScriptedKling rateLimit(String requestId, int times) {
        return failCreates(requestId, times, () -> new KlingRetryableException("Kling code 1302: rate limited",
                1302, Optional.empty()), false);
    }

    /** The next create for the request times out: with {@code created} the task exists all the same. */
    public synchronized ScriptedKling timeOut(String requestId, boolean created) {
        return failCreates(requestId, 1, () -> new KlingAmbiguousException("Kling did not answer in time",
                new java.net.http.HttpTimeoutException("request timed out")), created);
    }

    /** The next {@code times} creates for the request are refused with this code (1200-1203, 1300, 1301). */
    public synchronized ScriptedKling reject(String requestId, int times, int code, String message) {
        return failCreates(requestId, times, () -> new KlingRejectedException(code, message, Optional.empty()),
                false);
    }

    /** The next {@code times} creates for the request are refused for our account (e.g. 1101, in arrears). */
    public synchronized ScriptedKling refuseOurAccount(String requestId, int times) {
        return failCreates(requestId, times, () -> new KlingOperatorException("Kling code 1101: account in arrears",
                1101, Optional.empty()), false);
    }

    private ScriptedKling failCreates(String requestId, int times, java.util.function.Supplier<RuntimeException> how,
                                      boolean afterCreating) {
        Deque<CreateFault> faults = createFaults.computeIfAbsent(requestId, id -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            faults.add(new CreateFault(how.get(), afterCreating));
        }
        return this;
    }

    /** The request's task ends {@code failed} with Kling's message. */
    public synchronized ScriptedKling failTask(String requestId, String message) {
        failures.put(requestId, message);
        return this;
    }

    /** The request's task succeeds without voices. */
    public synchronized ScriptedKling succeedWithoutVoices(String requestId) {
        withoutVoices.add(requestId);
        return this;
    }

    @Override
    public synchronized KlingTask createVoice(CreateVoice command) {
        creates.add(command);
        Deque<CreateFault> faults = createFaults.getOrDefault(command.externalTaskId(), new ArrayDeque<>());
        CreateFault fault = faults.poll();
        if (fault != null && !fault.afterCreating()) {
            throw fault.failure();
        }
        if (byExternalId.containsKey(command.externalTaskId())) {
            throw new KlingRejectedException(1201, "external_task_id already exists", Optional.empty());
        }
        if (createdNames.contains(command.voiceName())) {
            throw new KlingRejectedException(1201, "voice_name already exists", Optional.empty());
        }
        createdNames.add(command.voiceName());
        KlingTask task = new KlingTask("t-" + (++ids), Optional.of(command.externalTaskId()),
                KlingTaskStatus.SUBMITTED, Optional.empty(), List.of(), Optional.empty(), clock.instant(),
                clock.instant());
        byExternalId.put(command.externalTaskId(), task);
        madeBy.put(command.externalTaskId(), command);
        finishesAt.put(task.taskId(), clock.instant().plus(taskTime));
        if (fault != null) {
            throw fault.failure();
        }
        return task;
    }

    @Override
    public synchronized Optional<KlingTask> findByTaskId(String taskId) {
        queries.incrementAndGet();
        checkAvailable();
        return byExternalId.values().stream().filter(t -> t.taskId().equals(taskId)).findFirst()
                .flatMap(this::now);
    }

    @Override
    public synchronized Optional<KlingTask> findByExternalTaskId(String externalTaskId) {
        queries.incrementAndGet();
        checkAvailable();
        return Optional.ofNullable(byExternalId.get(externalTaskId)).flatMap(this::now);
    }

    private void checkAvailable() {
        if (unavailable) {
            throw new KlingRetryableException("scripted outage", null);
        }
    }

    /** The task as it is now: processing until its finish time, then as scripted (succeeded by default). */
    private Optional<KlingTask> now(KlingTask created) {
        if (forgetTasks) {
            return Optional.empty();
        }
        boolean done = !neverFinish && !clock.instant().isBefore(finishesAt.get(created.taskId()));
        if (!done) {
            return Optional.of(new KlingTask(created.taskId(), created.externalTaskId(), KlingTaskStatus.PROCESSING,
                    Optional.empty(), List.of(), Optional.empty(), created.createdAt(), clock.instant()));
        }
        String externalId = created.externalTaskId().orElse("");
        if (failures.containsKey(externalId)) {
            return Optional.of(new KlingTask(created.taskId(), created.externalTaskId(), KlingTaskStatus.FAILED,
                    Optional.of(failures.get(externalId)), List.of(), Optional.empty(), created.createdAt(),
                    finishesAt.get(created.taskId())));
        }
        return Optional.of(succeeded(created));
    }

    /** The task of this request finishes now, as scripted. */
    public synchronized void finish(String requestId) {
        finishesAt.put(byExternalId.get(requestId).taskId(), clock.instant());
    }

    /**
     * The finished form of a task: one voice named as the create named it (none when scripted so), {@link #units}
     * units.
     */
    KlingTask succeeded(KlingTask created) {
        String externalId = created.externalTaskId().orElse("");
        boolean voiceless = withoutVoices.contains(externalId);
        List<Voice> voices = voiceless ? List.of() : List.of(new Voice("v-" + created.taskId(),
                madeBy.get(externalId).voiceName(), "https://kling.example/t.mp3"));
        return new KlingTask(created.taskId(), created.externalTaskId(), KlingTaskStatus.SUCCEED, Optional.empty(),
                voices, io.voicegate.domain.kling.KlingUnits.parse(units), created.createdAt(), finishesAt.get(created.taskId()));
    }

    /** When the task made for this request finishes. */
    synchronized Instant finishOf(String requestId) {
        return finishesAt.get(byExternalId.get(requestId).taskId());
    }

    synchronized KlingTask taskOf(String requestId) {
        return byExternalId.get(requestId);
    }

    /** How many tasks exist for the request (Kling refuses a second, so 0 or 1). */
    public synchronized int tasksFor(String requestId) {
        return byExternalId.containsKey(requestId) ? 1 : 0;
    }

    /** How many creates were made for the request, refused and failed ones included. */
    public int createsFor(String requestId) {
        return (int) creates.stream().filter(c -> c.externalTaskId().equals(requestId)).count();
    }

    /**
     * The request's task as Kling POSTs it to the callback URL, as it is now: the task object of Kling's query answer
     * ({@code task_id}, {@code task_status}, {@code task_info.external_task_id}, {@code task_result.voices},
     * {@code final_unit_deduction}, times in milliseconds).
     */
    public synchronized String callbackBody(String requestId) {
        KlingTask task = now(byExternalId.get(requestId)).orElseThrow();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task_id", task.taskId());
        body.put("task_status", task.status().name().toLowerCase(java.util.Locale.ROOT));
        task.statusMessage().ifPresent(m -> body.put("task_status_msg", m));
        body.put("task_info", Map.of("external_task_id", requestId));
        body.put("task_result", Map.of("voices", task.voices().stream().map(v -> Map.of("voice_id", v.voiceId(),
                "voice_name", v.voiceName(), "trial_url", v.trialUrl())).toList()));
        task.finalUnitDeduction().ifPresent(u -> body.put("final_unit_deduction", u.toPlainString()));
        body.put("created_at", task.createdAt().toEpochMilli());
        body.put("updated_at", task.updatedAt().toEpochMilli());
        return Json.write(body);
    }

    /**
     * The tasks with voices not deleted, newest first, a page at a time (Kling gives no total or cursor).
     */
    @Override
    public synchronized List<KlingTask> listVoices(int pageNum, int pageSize) {
        List<KlingTask> all = new ArrayList<>(byExternalId.values().stream().map(this::now).flatMap(Optional::stream)
                .filter(t -> t.voices().stream().anyMatch(v -> !deletedVoices.contains(v.voiceId()))).toList());
        java.util.Collections.reverse(all);
        int from = Math.min(all.size(), (pageNum - 1) * pageSize);
        return all.subList(from, Math.min(all.size(), from + pageSize));
    }

    @Override
    public synchronized void deleteVoice(String voiceId) {
        boolean known = byExternalId.values().stream().map(this::now).flatMap(Optional::stream)
                .flatMap(t -> t.voices().stream()).anyMatch(v -> v.voiceId().equals(voiceId));
        if (!known || deletedVoices.contains(voiceId)) {
            throw new KlingRejectedException(1201, "Voice id not found", Optional.empty());
        }
        deletedVoices.add(voiceId);
    }

    /** The voices deleted through {@link #deleteVoice}. */
    public synchronized List<String> deletedVoices() {
        return List.copyOf(deletedVoices);
    }
}
