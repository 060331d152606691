package io.voicegate.http;

import io.voicegate.json.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the gateway answers: a status, headers and a JSON (or problem+json) body. */
public record ApiResponse(int status, Map<String, String> headers, String body) {

    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public static ApiResponse json(int status, Object body) {
        return new ApiResponse(status, Map.of("content-type", JSON), Json.write(body));
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResponse(status, copy, body);
    }
}
