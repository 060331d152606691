package io.voicegate.port;

import io.voicegate.domain.kling.KlingTask;

import java.util.Optional;

/** Reads the task object Kling POSTs to a callback URL (the same shape as a query's {@code data}). */
public interface KlingTaskDecoder {

    /** The task, or empty when the body is not a task object. */
    Optional<KlingTask> decode(String body);
}
