package io.voicegate.adapter.kling;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.domain.Voice;
import io.voicegate.domain.kling.CreateVoice;
import io.voicegate.domain.kling.KlingTask;
import io.voicegate.domain.kling.KlingTaskStatus;
import io.voicegate.domain.kling.KlingUnits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Kling's JSON, and nothing else's. Unknown fields are ignored everywhere: Kling adds fields ({@code owned_by},
 * {@code final_balance_deduction}, …) without notice.
 */
final class KlingWire {

    private static final Logger LOG = LoggerFactory.getLogger(KlingWire.class);

    private KlingWire() {
    }

    /** Every answer: {@code code} 0 is success; an error has no {@code data}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Envelope(@JsonProperty("code") Integer code,
                    @JsonProperty("message") String message,
                    @JsonProperty("request_id") String requestId,
                    @JsonProperty("data") JsonNode data) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CreateBody(@JsonProperty("voice_name") String voiceName,
                      @JsonProperty("voice_url") String voiceUrl,
                      @JsonProperty("video_id") String videoId,
                      @JsonProperty("callback_url") String callbackUrl,
                      @JsonProperty("external_task_id") String externalTaskId) {

        static CreateBody of(CreateVoice command) {
            return new CreateBody(command.voiceName(), command.voiceUrl().orElse(null),
                    command.videoId().orElse(null), command.callbackUrl(), command.externalTaskId());
        }
    }

    record DeleteBody(@JsonProperty("voice_id") String voiceId) {
    }

    /** A task, as in the create, query and list answers (and the callback body). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TaskData(@JsonProperty("task_id") String taskId,
                    @JsonProperty("task_status") String taskStatus,
                    @JsonProperty("task_status_msg") String taskStatusMsg,
                    @JsonProperty("task_info") TaskInfo taskInfo,
                    @JsonProperty("task_result") TaskResult taskResult,
                    @JsonProperty("final_unit_deduction") JsonNode finalUnitDeduction,
                    @JsonProperty("created_at") Long createdAt,
                    @JsonProperty("updated_at") Long updatedAt) {

        /** @throws IllegalArgumentException when a required field is missing or a value is not Kling's */
        KlingTask toTask() {
            return toTask(true);
        }

        /**
         * @param logUnusableUnits log units that are not a plain decimal: for Kling's answers to our own calls, not
         *                         for a body anyone may have posted
         * @throws IllegalArgumentException when a required field is missing or a value is not Kling's
         */
        KlingTask toTask(boolean logUnusableUnits) {
            if (taskId == null || taskStatus == null || createdAt == null) {
                throw new IllegalArgumentException("task without task_id, task_status or created_at");
            }
            // Units that are not a plain decimal are logged and left out, never a decode error: the outcome is still
            // recorded, and the settlement lets the hold stand.
            Optional<String> sent = Optional.ofNullable(finalUnitDeduction).filter(n -> !n.isNull())
                    .map(n -> n.isValueNode() ? n.asText() : n.toString()).filter(s -> !s.isBlank());
            Optional<BigDecimal> unitDeduction = sent.flatMap(KlingUnits::parse);
            if (logUnusableUnits && sent.isPresent() && unitDeduction.isEmpty()) {
                LOG.warn("Kling task {}: final_unit_deduction is not a plain decimal ({}); left out",
                        clip(taskId), clip(sent.get()));
            }
            return new KlingTask(taskId,
                    Optional.ofNullable(taskInfo).map(TaskInfo::externalTaskId).filter(s -> !s.isBlank()),
                    KlingTaskStatus.fromWire(taskStatus),
                    Optional.ofNullable(taskStatusMsg).filter(s -> !s.isBlank()),
                    taskResult == null || taskResult.voices() == null ? List.of()
                            : taskResult.voices().stream().map(VoiceData::toVoice).toList(),
                    unitDeduction,
                    Instant.ofEpochMilli(createdAt),
                    Instant.ofEpochMilli(updatedAt == null ? createdAt : updatedAt));
        }
    }

    private static String clip(String text) {
        return text.length() <= KlingUnits.MAX_TEXT ? text : text.substring(0, KlingUnits.MAX_TEXT) + "…";
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TaskInfo(@JsonProperty("external_task_id") String externalTaskId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TaskResult(@JsonProperty("voices") List<VoiceData> voices) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record VoiceData(@JsonProperty("voice_id") String voiceId,
                     @JsonProperty("voice_name") String voiceName,
                     @JsonProperty("trial_url") String trialUrl) {

        Voice toVoice() {
            if (voiceId == null || voiceId.isBlank()) {
                throw new IllegalArgumentException("voice without voice_id");
            }
            return new Voice(voiceId, voiceName, trialUrl);
        }
    }
}
