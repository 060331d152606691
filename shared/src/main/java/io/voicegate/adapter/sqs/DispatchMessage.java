package io.voicegate.adapter.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.json.Json;

import java.util.Map;
import java.util.Optional;

/** The dispatch queue's wire format: {@code {"request_id":"…"}}. */
public final class DispatchMessage {

    private DispatchMessage() {
    }

    public static String encode(String requestId) {
        return Json.write(Map.of("request_id", requestId));
    }

    /** The request id, or empty when the body is not a dispatch message. */
    public static Optional<String> decode(String body) {
        try {
            JsonNode node = Json.mapper().readTree(body);
            JsonNode id = node == null ? null : node.get("request_id");
            return id != null && id.isTextual() && !id.asText().isBlank() ? Optional.of(id.asText()) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
