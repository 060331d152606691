package io.voicegate.port;

import java.time.Duration;
import java.time.Instant;

/** Delayed re-checks of requests whose Kling task is running: the per-request re-query schedule. */
public interface TaskChecks {

    /** Schedules nothing: for wiring that has no check queue (the sweeper still re-queries). */
    TaskChecks NONE = (requestId, processingSince, delay) -> { };

    /**
     * Asks for a check of the request after {@code delay} (at most 15 minutes, SQS's longest message delay).
     *
     * @param processingSince when Kling accepted the request's task: the start of its processing deadline
     * @throws QueueUnavailableException when the check could not be scheduled (the sweeper covers it)
     */
    void schedule(String requestId, Instant processingSince, Duration delay);
}
