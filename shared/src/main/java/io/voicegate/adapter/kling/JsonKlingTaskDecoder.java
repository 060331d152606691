package io.voicegate.adapter.kling;

import io.voicegate.domain.kling.KlingTask;
import io.voicegate.json.Json;
import io.voicegate.port.KlingTaskDecoder;

import java.util.Optional;

/** Reads a callback body: the bare task object, as Kling sends it (no envelope). */
public class JsonKlingTaskDecoder implements KlingTaskDecoder {

    @Override
    public Optional<KlingTask> decode(String body) {
        try {
            return Optional.of(Json.mapper().readValue(body, KlingWire.TaskData.class).toTask());
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
