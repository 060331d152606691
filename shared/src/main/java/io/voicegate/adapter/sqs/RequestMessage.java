package io.voicegate.adapter.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.json.Json;
import io.voicegate.port.DeliveryQueue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The message of the gateway's own queues that name a request, dispatch and delivery alike:
 * {@code {"request_id":"…"}}, with {@code "recheck":true} (the task may exist) from the
 * sweeper, or {@code "check_since":<epoch seconds>} for a scheduled re-query of a processing request (since Kling
 * accepted it); a delivery message may carry the final record itself: {@code "account_id"}, {@code "webhook_url"}
 * (when the request has one) and {@code "record"} (the body, as text, so it is delivered byte for byte).
 */
public final class RequestMessage {

    private RequestMessage() {
    }

    /**
     * A decoded message: which request, whether it may already have a Kling task, if it is a task check, and the
     * final record a delivery message carries.
     */
    public record Decoded(String requestId, boolean taskMayExist, Optional<Instant> checkSince,
                          Optional<DeliveryQueue.FinalRecord> finalRecord) {
    }

    /** A delivery message that carries the final record: the delivery then reads neither request nor record. */
    public static String encode(DeliveryQueue.FinalRecord record) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_id", record.requestId());
        body.put("account_id", record.accountId());
        record.webhookUrl().ifPresent(url -> body.put("webhook_url", url));
        body.put("record", record.body());
        return Json.write(body);
    }

    public static String encode(String requestId, boolean taskMayExist) {
        return taskMayExist ? Json.write(Map.of("request_id", requestId, "recheck", true))
                : Json.write(Map.of("request_id", requestId));
    }

    public static String encodeCheck(String requestId, Instant processingSince) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_id", requestId);
        body.put("check_since", processingSince.getEpochSecond());
        return Json.write(body);
    }

    /** The message, or empty when the body is not a dispatch message. */
    public static Optional<Decoded> decode(String body) {
        try {
            JsonNode node = Json.mapper().readTree(body);
            JsonNode id = node == null ? null : node.get("request_id");
            if (id == null || !id.isTextual() || id.asText().isBlank()) {
                return Optional.empty();
            }
            JsonNode since = node.get("check_since");
            Optional<Instant> checkSince = since != null && since.canConvertToLong()
                    ? Optional.of(Instant.ofEpochSecond(since.asLong())) : Optional.empty();
            JsonNode account = node.get("account_id");
            JsonNode record = node.get("record");
            JsonNode webhook = node.get("webhook_url");
            Optional<DeliveryQueue.FinalRecord> finalRecord = account != null && account.isTextual()
                    && record != null && record.isTextual()
                    ? Optional.of(new DeliveryQueue.FinalRecord(id.asText(), account.asText(),
                    webhook != null && webhook.isTextual() ? Optional.of(webhook.asText()) : Optional.empty(),
                    record.asText())) : Optional.empty();
            return Optional.of(new Decoded(id.asText(), node.path("recheck").asBoolean(false), checkSince,
                    finalRecord));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
