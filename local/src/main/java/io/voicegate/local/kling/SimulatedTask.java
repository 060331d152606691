package io.voicegate.local.kling;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegate.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** One custom-voice task and its lifecycle: submitted → processing → succeed | failed. */
final class SimulatedTask {

    static final String SUBMITTED = "submitted";
    static final String PROCESSING = "processing";
    static final String SUCCEED = "succeed";
    static final String FAILED = "failed";

    private final String taskId;
    private final CreateRequest request;
    private final TaskOutcome outcome;
    private final Optional<CallbackFault> callbackFault;
    private final long createdAt;
    private final List<ObjectNode> voices = new ArrayList<>();
    private String status = SUBMITTED;
    private String statusMessage = "";
    private String unitDeduction;
    private long updatedAt;

    SimulatedTask(String taskId, CreateRequest request, TaskOutcome outcome, Optional<CallbackFault> callbackFault,
                  long nowMillis) {
        this.taskId = taskId;
        this.request = request;
        this.outcome = outcome;
        this.callbackFault = callbackFault;
        this.createdAt = nowMillis;
        this.updatedAt = nowMillis;
    }

    String taskId() {
        return taskId;
    }

    CreateRequest request() {
        return request;
    }

    Optional<CallbackFault> callbackFault() {
        return callbackFault;
    }

    /** The ids a fault may be keyed by. */
    Set<String> keys() {
        return request.keys();
    }

    long createdAtMillis() {
        return createdAt;
    }

    /** Kling's {@code final_unit_deduction} once the task ended, else empty. */
    synchronized Optional<String> unitDeduction() {
        return Optional.ofNullable(unitDeduction);
    }

    synchronized long updatedAtMillis() {
        return updatedAt;
    }

    synchronized String status() {
        return status;
    }

    synchronized boolean isTerminal() {
        return status.equals(SUCCEED) || status.equals(FAILED);
    }

    /** True when Kling no longer knows the task: queries and lists answer as if it never existed. */
    boolean forgotten() {
        return outcome.forgotten();
    }

    /**
     * Moves one step on and returns the task object as it now is; empty when the task had already ended (or never
     * ends, or is forgotten).
     */
    synchronized Optional<ObjectNode> advance(long nowMillis, Supplier<String> newVoiceId, String succeedUnits,
                                              String failedUnits) {
        if (outcome.forgotten() || (outcome.endsNever() && status.equals(PROCESSING))) {
            return Optional.empty();
        }
        switch (status) {
            case SUBMITTED -> status = PROCESSING;
            case PROCESSING -> finish(newVoiceId, outcome.units().orElse(succeedUnits), failedUnits);
            default -> {
                return Optional.empty();
            }
        }
        updatedAt = Math.max(nowMillis, updatedAt);
        return Optional.of(toJson());
    }

    private void finish(Supplier<String> newVoiceId, String succeedUnits, String failedUnits) {
        if (!outcome.succeeds()) {
            status = FAILED;
            statusMessage = outcome.failureMessage().orElse("");
            unitDeduction = failedUnits;
            return;
        }
        status = SUCCEED;
        unitDeduction = succeedUnits;
        if (outcome.withVoice()) {
            String voiceId = newVoiceId.get();
            voices.add(Json.mapper().createObjectNode()
                    .put("voice_id", voiceId)
                    .put("voice_name", request.voiceName())
                    .put("trial_url", "https://kling-simulator.invalid/trial/" + voiceId + ".mp3")
                    .put("owned_by", "20250101"));
        }
    }

    synchronized boolean hasVoice(String voiceId) {
        return voices.stream().anyMatch(v -> v.get("voice_id").asText().equals(voiceId));
    }

    synchronized boolean hasVoices() {
        return !voices.isEmpty();
    }

    synchronized void deleteVoice(String voiceId, long nowMillis) {
        voices.removeIf(v -> v.get("voice_id").asText().equals(voiceId));
        updatedAt = Math.max(nowMillis, updatedAt);
    }

    /** The task object: {@code data} of a query, an item of a list, and the whole body of a callback. */
    synchronized ObjectNode toJson() {
        ObjectNode json = Json.mapper().createObjectNode()
                .put("task_id", taskId)
                .put("task_status", status)
                .put("task_status_msg", statusMessage);
        ObjectNode info = json.putObject("task_info");
        request.externalTaskId().ifPresent(id -> info.put("external_task_id", id));
        ArrayNode voiceArray = json.putObject("task_result").putArray("voices");
        voices.forEach(v -> voiceArray.add(v.deepCopy()));
        if (unitDeduction != null) {
            json.put("final_unit_deduction", unitDeduction);
        }
        return json.put("created_at", createdAt).put("updated_at", updatedAt);
    }

    /** The create answer's {@code data}: no result yet. */
    synchronized ObjectNode toCreatedJson() {
        ObjectNode json = Json.mapper().createObjectNode().put("task_id", taskId);
        ObjectNode info = json.putObject("task_info");
        request.externalTaskId().ifPresent(id -> info.put("external_task_id", id));
        return json.put("task_status", status).put("created_at", createdAt).put("updated_at", updatedAt);
    }
}
