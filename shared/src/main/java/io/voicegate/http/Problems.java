package io.voicegate.http;

import io.voicegate.domain.FieldError;
import io.voicegate.json.Json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 9457 problem details, the one error shape of the API. Never carries a stack trace or internal names. Each
 * {@code type} is {@code https://voicegate.dev/README.md#problem-<slug>}, the README section that explains it, and
 * {@link #withInstance} adds the API Gateway request id of the call as {@code instance}.
 */
public final class Problems {

    private static final String TYPE_BASE = "https://voicegate.dev/README.md#problem-";

    private Problems() {
    }

    public static ApiResponse of(int status, String slug, String title, String detail) {
        return new ApiResponse(status, Map.of("content-type", ApiResponse.PROBLEM_JSON),
                Json.write(body(status, slug, title, detail)));
    }

    public static ApiResponse validation(List<FieldError> errors) {
        Map<String, Object> body = body(400, "validation-error", "Your request is not valid",
                errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                        : errors.size() + " fields are not valid; see errors");
        body.put("errors", errors.stream().map(e -> {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("field", e.field());
            error.put("message", e.message());
            return error;
        }).toList());
        return new ApiResponse(400, Map.of("content-type", ApiResponse.PROBLEM_JSON), Json.write(body));
    }

    /**
     * A refusal caused by one field's value that is valid but clashes with the account's state (e.g. a voice name
     * already in use: 409), naming the field in {@code errors} as a validation problem does.
     */
    public static ApiResponse ofField(int status, String slug, String title, FieldError error) {
        Map<String, Object> body = body(status, slug, title, error.field() + ": " + error.message());
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("field", error.field());
        item.put("message", error.message());
        body.put("errors", List.of(item));
        return new ApiResponse(status, Map.of("content-type", ApiResponse.PROBLEM_JSON), Json.write(body));
    }

    /** The problem type URI of a slug. */
    public static String type(String slug) {
        return TYPE_BASE + slug;
    }

    /** 415: a body sent as anything but JSON. */
    public static ApiResponse unsupportedMediaType() {
        return Problems.of(415, "unsupported-media-type", "Unsupported media type",
                "Send the body as 'Content-Type: application/json'.");
    }

    /**
     * The response with {@code instance} set to the API Gateway request id when it is a problem without one;
     * any other response, or a blank id, is returned as it is.
     */
    public static ApiResponse withInstance(ApiResponse response, String requestId) {
        String contentType = response.headers().getOrDefault("content-type", "");
        if (requestId == null || requestId.isBlank() || !contentType.startsWith(ApiResponse.PROBLEM_JSON)) {
            return response;
        }
        Map<String, Object> body;
        try {
            body = Json.mapper().readValue(response.body(), LinkedHashMap.class);
        } catch (java.io.IOException | RuntimeException e) {
            return response;
        }
        body.putIfAbsent("instance", requestId);
        return new ApiResponse(response.status(), response.headers(), Json.write(body));
    }

    public static ApiResponse notFound(String what) {
        return of(404, "not-found", "Not found", what + " was not found");
    }

    private static Map<String, Object> body(int status, String slug, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + slug);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        return body;
    }
}
