package io.voicegate.local.kling;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.json.Json;

import java.io.IOException;
import java.net.URI;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A create body as Kling validates it: {@code voice_name} 1..20 characters, exactly one of {@code voice_url} /
 * {@code video_id} (an empty string counts as absent, as in Kling's own sample), absolute http(s) URLs.
 */
record CreateRequest(String voiceName, Optional<String> voiceUrl, Optional<String> videoId,
                     Optional<String> callbackUrl, Optional<String> externalTaskId) {

    static final int MAX_VOICE_NAME = 20;

    /** @throws InvalidRequest with Kling's code and message when the body is not acceptable */
    static CreateRequest parse(byte[] body) {
        JsonNode json = jsonObject(body);
        CreateRequest request = new CreateRequest(text(json, "voice_name").orElse(""), text(json, "voice_url"),
                text(json, "video_id"), text(json, "callback_url"), text(json, "external_task_id"));
        request.validate();
        return request;
    }

    private void validate() {
        if (voiceName.isBlank()) {
            throw new InvalidRequest(1201, "voice_name is required");
        }
        if (voiceName.codePointCount(0, voiceName.length()) > MAX_VOICE_NAME) {
            throw new InvalidRequest(1201, "voice_name must be at most " + MAX_VOICE_NAME + " characters");
        }
        if (voiceUrl.isPresent() == videoId.isPresent()) {
            throw new InvalidRequest(1201, "exactly one of voice_url and video_id is required");
        }
        voiceUrl.ifPresent(url -> requireHttpUrl("voice_url", url));
        callbackUrl.ifPresent(url -> requireHttpUrl("callback_url", url));
    }

    /**
     * The ids a fault may be keyed by: the voice name, the external task id, the {@code video_id}, and the file name
     * of {@code voice_url} without its extension ({@code https://cdn/x/ada.mp3} → {@code ada}). A gateway gives Kling a
     * name derived from its request id, unknown before the submit, so tests through the gateway key faults by the
     * clip's file name (or the video id); {@link MagicInput}s are found in them too.
     */
    Set<String> keys() {
        Set<String> keys = new HashSet<>();
        keys.add(voiceName);
        externalTaskId.ifPresent(keys::add);
        videoId.ifPresent(keys::add);
        voiceUrl.map(CreateRequest::fileStem).filter(stem -> !stem.isEmpty()).ifPresent(keys::add);
        return keys;
    }

    private static String fileStem(String url) {
        String path = url.split("[?#]", 2)[0];
        String file = path.substring(path.lastIndexOf('/') + 1);
        int dot = file.lastIndexOf('.');
        return dot < 0 ? file : file.substring(0, dot);
    }

    private static Optional<String> text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new InvalidRequest(1201, field + " must be a string");
        }
        return Optional.of(value.asText()).filter(s -> !s.isEmpty());
    }

    private static void requireHttpUrl(String field, String url) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new InvalidRequest(1201, field + " must be an absolute http(s) URL");
            }
        } catch (java.net.URISyntaxException e) {
            throw new InvalidRequest(1201, field + " is not a valid URL");
        }
    }

    /** A request body as a JSON object; Kling's 1200 when it is not JSON or not an object. */
    static JsonNode jsonObject(byte[] body) {
        JsonNode json;
        try {
            json = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new InvalidRequest(1200, "request body is not valid JSON");
        }
        if (json == null || !json.isObject()) {
            throw new InvalidRequest(1200, "request body must be a JSON object");
        }
        return json;
    }

    /** A request Kling refuses with HTTP 400 and this code. */
    static final class InvalidRequest extends RuntimeException {
        private final int code;

        InvalidRequest(int code, String message) {
            super(message);
            this.code = code;
        }

        int code() {
            return code;
        }
    }
}
