package io.voicegate.adapter.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.json.Json;

import java.util.Map;
import java.util.Optional;

/** The dispatch queue's wire format: {@code {"request_id":"…"}}, with {@code "recheck":true} from the sweeper. */
public final class DispatchMessage {

    private DispatchMessage() {
    }

    /** A decoded message: which request, and whether it may already have a Kling task. */
    public record Decoded(String requestId, boolean recheck) {
    }

    public static String encode(String requestId, boolean recheck) {
        return recheck ? Json.write(Map.of("request_id", requestId, "recheck", true))
                : Json.write(Map.of("request_id", requestId));
    }

    /** The message, or empty when the body is not a dispatch message. */
    public static Optional<Decoded> decode(String body) {
        try {
            JsonNode node = Json.mapper().readTree(body);
            JsonNode id = node == null ? null : node.get("request_id");
            if (id == null || !id.isTextual() || id.asText().isBlank()) {
                return Optional.empty();
            }
            return Optional.of(new Decoded(id.asText(), node.path("recheck").asBoolean(false)));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
