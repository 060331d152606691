package io.voicegate.adapter.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.json.Json;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The dispatch queue's wire format: {@code {"request_id":"…"}}, with {@code "recheck":true} from the sweeper, or
 * {@code "check_since":<epoch seconds>} for a scheduled re-query of a processing request (since Kling accepted it).
 */
public final class DispatchMessage {

    private DispatchMessage() {
    }

    /** A decoded message: which request, whether it may already have a Kling task, and if it is a task check. */
    public record Decoded(String requestId, boolean recheck, Optional<Instant> checkSince) {
    }

    public static String encode(String requestId, boolean recheck) {
        return recheck ? Json.write(Map.of("request_id", requestId, "recheck", true))
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
            return Optional.of(new Decoded(id.asText(), node.path("recheck").asBoolean(false), checkSince));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
