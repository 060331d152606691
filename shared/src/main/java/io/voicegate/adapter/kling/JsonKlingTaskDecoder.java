package io.voicegate.adapter.kling;

import io.voicegate.domain.kling.KlingTask;
import io.voicegate.json.Json;

import java.util.Optional;

/**
 * Reads a callback body at the edge: the bare task object, as Kling POSTs it to the callback URL (no envelope; the
 * same shape as a query's {@code data}, Kling API notes §4 "Callbacks").
 */
public final class JsonKlingTaskDecoder {

    private JsonKlingTaskDecoder() {
    }

    /** The task, or empty when the body is not a task object. */
    public static Optional<KlingTask> decode(String body) {
        try {
            return Optional.of(Json.mapper().readValue(body, KlingWire.TaskData.class).toTask(false));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
