package io.voicegate.local.kling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.voicegate.json.Json;
import io.voicegate.local.kling.SimulatorFaults.ErrorReply;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** An answer in Kling's envelope {@code {code, message, request_id, data}}, or a connection dropped unanswered. */
record Answer(int httpStatus, byte[] body, boolean dropConnection) {

    static Answer success(JsonNode data) {
        ObjectNode json = envelope(0, "SUCCEED");
        json.set("data", data);
        return new Answer(200, bytes(json), false);
    }

    /** Kling's error bodies have no {@code data}. */
    static Answer error(ErrorReply error) {
        return new Answer(error.httpStatus(), bytes(envelope(error.code(), error.message())), false);
    }

    static Answer error(int httpStatus, int code, String message) {
        return error(new ErrorReply(httpStatus, code, message));
    }

    static Answer dropped() {
        return new Answer(0, new byte[0], true);
    }

    void write(HttpExchange exchange) {
        try (exchange) {
            if (dropConnection) {
                return; // closing an exchange before its headers are sent closes the connection
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(httpStatus, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // the client went away (e.g. it timed out before a delayed answer): nothing to tell it
        }
    }

    private static ObjectNode envelope(int code, String message) {
        return Json.mapper().createObjectNode()
                .put("code", code)
                .put("message", message)
                .put("request_id", UUID.randomUUID().toString());
    }

    private static byte[] bytes(JsonNode json) {
        return Json.write(json).getBytes(StandardCharsets.UTF_8);
    }
}
