package io.voicegate.local.kling;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Plain HTTP calls to the simulator, so its tests do not depend on the client under test elsewhere. */
final class RawKling {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI baseUrl;
    private final Optional<String> authorization;

    RawKling(URI baseUrl, Optional<String> authorization) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
    }

    RawKling withAuthorization(String header) {
        return new RawKling(baseUrl, Optional.of(header));
    }

    RawKling withoutAuthorization() {
        return new RawKling(baseUrl, Optional.empty());
    }

    Reply get(String pathAndQuery) throws IOException {
        return send("GET", pathAndQuery, HttpRequest.BodyPublishers.noBody());
    }

    Reply post(String path, String body) throws IOException {
        return send("POST", path, HttpRequest.BodyPublishers.ofString(body));
    }

    Reply send(String method, String pathAndQuery, HttpRequest.BodyPublisher body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, body);
        authorization.ifPresent(value -> request.header("Authorization", value));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), Json.mapper().readTree(response.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a voice-from-URL task; the reply must be a success. */
    JsonNode create(String voiceName, String externalId, String callbackUrl) {
        try {
            Reply reply = post("/v1/general/custom-voices", """
                    {"voice_name":"%s","voice_url":"https://cdn.example/v.mp3","callback_url":"%s",
                     "external_task_id":"%s"}""".formatted(voiceName, callbackUrl, externalId));
            if (reply.code() != 0) {
                throw new IllegalStateException("create failed: " + reply);
            }
            return reply.json().get("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Reply(int status, JsonNode json) {
        int code() {
            return json.get("code").asInt();
        }

        String message() {
            return json.get("message").asText();
        }
    }
}
