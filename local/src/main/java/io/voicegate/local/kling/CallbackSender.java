package io.voicegate.local.kling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegate.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * POSTs the bare task object to the task's {@code callback_url} on each status change, unless the task's
 * {@link CallbackFault} says otherwise. One task's callbacks go one at a time in the order of its changes; different
 * tasks' go at once, as from Kling's many senders, so a slow receiver does not hold back every task's news. No
 * retries: Kling documents none.
 */
final class CallbackSender implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Callbacks of different tasks sent at once, at most. */
    private static final int SENDERS = 16;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();
    private final ExecutorService senders = Executors.newFixedThreadPool(SENDERS, daemon());
    private final List<CallbackDelivery> deliveries = new ArrayList<>();
    private final Map<String, ObjectNode> held = new HashMap<>();
    /** Per task, its latest callback in line: the next one runs after it. */
    private final Map<String, CompletableFuture<Void>> inLine = new HashMap<>();

    void statusChanged(SimulatedTask task, ObjectNode snapshot) {
        Optional<String> url = task.request().callbackUrl();
        if (url.isEmpty()) {
            return;
        }
        synchronized (inLine) {
            CompletableFuture<Void> previous = inLine.getOrDefault(task.taskId(),
                    CompletableFuture.completedFuture(null));
            CompletableFuture<Void> next = previous.thenRunAsync(() -> deliver(task, snapshot, url.get()), senders);
            inLine.put(task.taskId(), next);
            next.whenComplete((done, error) -> {
                synchronized (inLine) {
                    inLine.remove(task.taskId(), next);
                }
            });
        }
    }

    synchronized List<CallbackDelivery> deliveries() {
        return List.copyOf(deliveries);
    }

    private void deliver(SimulatedTask task, ObjectNode snapshot, String url) {
        boolean terminal = !snapshot.get("task_status").asText().equals(SimulatedTask.PROCESSING);
        CallbackFault fault = task.callbackFault().orElse(null);
        if (fault == CallbackFault.DROP_ALL || fault == CallbackFault.DROP_TERMINAL && terminal) {
            return;
        }
        if (fault == CallbackFault.OUT_OF_ORDER && !terminal) {
            synchronized (held) {
                held.put(task.taskId(), snapshot);
            }
            return;
        }
        post(task, snapshot, url);
        if (fault == CallbackFault.DUPLICATE) {
            post(task, snapshot, url);
        }
        ObjectNode late;
        synchronized (held) {
            late = held.remove(task.taskId());
        }
        if (late != null) {
            post(task, late, url);
        }
    }

    private void post(SimulatedTask task, ObjectNode body, String url) {
        String text = Json.write(body);
        OptionalInt status = OptionalInt.empty();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(text))
                    .build();
            status = OptionalInt.of(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException | IllegalArgumentException e) {
            // an unreachable receiver is recorded without a status
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            deliveries.add(new CallbackDelivery(task.taskId(), body.get("task_status").asText(), url, text, status));
        }
    }

    @Override
    public void close() {
        senders.shutdownNow();
    }

    static java.util.concurrent.ThreadFactory daemon() {
        return runnable -> {
            Thread thread = new Thread(runnable, "kling-simulator");
            thread.setDaemon(true);
            return thread;
        };
    }
}
