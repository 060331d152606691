package io.voicegate.local.kling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** The simulator's tasks: by task id and by external task id, with ids shaped like Kling's (18 digits). */
final class TaskBook {

    private final Map<String, SimulatedTask> byId = new LinkedHashMap<>();
    private final Map<String, SimulatedTask> byExternalId = new HashMap<>();
    private final Map<String, Integer> createdPerExternalId = new HashMap<>();
    private final Map<String, Integer> attemptsPerExternalId = new HashMap<>();
    private final boolean rejectDuplicates;
    private final boolean uniqueVoiceNames;
    private final Map<String, Integer> nameCollisions = new HashMap<>();
    private final AtomicLong taskIds = new AtomicLong(860_000_000_000_000_000L);
    private final AtomicLong voiceIds = new AtomicLong(970_000_000_000_000_000L);

    /**
     * @param rejectDuplicates refuse a second task with the same external task id (Kling's documented rule)
     * @param uniqueVoiceNames refuse a task named like a live voice of the account ([G-VOICE]'s rule)
     */
    TaskBook(boolean rejectDuplicates, boolean uniqueVoiceNames) {
        this.rejectDuplicates = rejectDuplicates;
        this.uniqueVoiceNames = uniqueVoiceNames;
    }

    /** Counts a well-formed create that reached the simulator, whatever became of it. */
    synchronized void noteCreateAttempt(CreateRequest request) {
        request.externalTaskId().ifPresent(id -> attemptsPerExternalId.merge(id, 1, Integer::sum));
    }

    /** The new task, or empty when the external task id is already taken on this account (and that is refused). */
    synchronized Optional<SimulatedTask> create(CreateRequest request, TaskOutcome outcome,
                                                Optional<CallbackFault> callbackFault, long nowMillis) {
        Optional<String> externalId = request.externalTaskId();
        if (rejectDuplicates && externalId.isPresent() && byExternalId.containsKey(externalId.get())) {
            return Optional.empty();
        }
        SimulatedTask task = new SimulatedTask(Long.toString(taskIds.incrementAndGet()), request, outcome,
                callbackFault, nowMillis);
        byId.put(task.taskId(), task);
        externalId.ifPresent(id -> {
            byExternalId.put(id, task);
            createdPerExternalId.merge(id, 1, Integer::sum);
        });
        return Optional.of(task);
    }

    /**
     * True when a create with this name must be refused: a task of that name is still running, or ended with a voice
     * that was not deleted. Counted per name, so a test can prove no collision happened.
     */
    synchronized boolean voiceNameTaken(String voiceName) {
        boolean taken = uniqueVoiceNames && byId.values().stream().anyMatch(t -> !t.forgotten()
                && t.request().voiceName().equals(voiceName) && (!t.isTerminal() || t.hasVoices()));
        if (taken) {
            nameCollisions.merge(voiceName, 1, Integer::sum);
        }
        return taken;
    }

    synchronized int nameCollisions() {
        return nameCollisions.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** By task id, else by external task id: Kling's query path takes either. */
    synchronized Optional<SimulatedTask> find(String id) {
        return Optional.ofNullable(byId.get(id)).or(() -> Optional.ofNullable(byExternalId.get(id)));
    }

    synchronized Optional<SimulatedTask> findByVoice(String voiceId) {
        return byId.values().stream().filter(t -> t.hasVoice(voiceId)).findFirst();
    }

    /** Tasks that still have a voice, newest first. */
    synchronized List<SimulatedTask> withVoices(int pageNum, int pageSize) {
        List<SimulatedTask> all = new ArrayList<>(byId.values());
        all.removeIf(t -> !t.hasVoices() || t.forgotten());
        all.sort(Comparator.comparing(SimulatedTask::taskId).reversed());
        int from = (int) Math.min((long) (pageNum - 1) * pageSize, all.size());
        return List.copyOf(all.subList(from, Math.min(from + pageSize, all.size())));
    }

    /** Every task, oldest first. */
    synchronized List<SimulatedTask> all() {
        return List.copyOf(byId.values());
    }

    synchronized int createdFor(String externalTaskId) {
        return createdPerExternalId.getOrDefault(externalTaskId, 0);
    }

    synchronized int attemptsFor(String externalTaskId) {
        return attemptsPerExternalId.getOrDefault(externalTaskId, 0);
    }

    /** Tasks Kling counts against its concurrency: submitted or processing (a forgotten one is no longer known). */
    synchronized int inFlight() {
        return (int) byId.values().stream().filter(t -> !t.forgotten() && !t.isTerminal()).count();
    }

    synchronized int size() {
        return byId.size();
    }

    String newVoiceId() {
        return Long.toString(voiceIds.incrementAndGet());
    }
}
