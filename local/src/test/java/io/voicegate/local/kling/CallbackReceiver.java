package io.voicegate.local.kling;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.voicegate.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** A stand-in for the gateway's callback endpoint: records every POST body and answers 200. */
final class CallbackReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<JsonNode> bodies = new ArrayList<>();

    CallbackReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::receive);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    synchronized List<JsonNode> bodies() {
        return List.copyOf(bodies);
    }

    /** The {@code task_status} of every callback received for this task, in arrival order. */
    synchronized List<String> statuses(String taskId) {
        return bodies.stream().filter(b -> b.path("task_id").asText().equals(taskId))
                .map(b -> b.path("task_status").asText()).toList();
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = Json.mapper().readTree(exchange.getRequestBody().readAllBytes());
            synchronized (this) {
                bodies.add(body);
            }
            exchange.sendResponseHeaders(200, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
