package io.voicegate.domain;

import java.time.Duration;

/**
 * When the gateway re-asks Kling about a task it has accepted, in case every callback is lost, and how long a task
 * may stay open. Checks happen at {@code first} after Kling accepted the task, then each gap doubles up to
 * {@code maxInterval}: with the defaults (10 s, 45 s) at 10, 20, 40, 80, 125, 170 … seconds. A task Kling finishes
 * at any moment before the deadline is therefore seen at most {@code maxInterval} later, and a task finishing
 * within its first 10 s costs one re-query. At {@code processingDeadline} (default 600 s) a request still open
 * fails with {@code processing_deadline_exceeded} and is refunded.
 *
 * <p>The defaults follow Kling's custom-voice contract: the create call answers at once and the clone itself is a
 * short job on a 5-30 s clip (Kling API notes §8.7), so tasks end in seconds; minutes mean the task is stuck.
 */
public record RequeryPlan(Duration first, Duration maxInterval, Duration processingDeadline) {

    public static final RequeryPlan DEFAULTS = new RequeryPlan(Duration.ofSeconds(10), Duration.ofSeconds(45),
            Duration.ofMinutes(10));

    public RequeryPlan {
        if (first.isNegative() || first.isZero() || maxInterval.compareTo(first) < 0
                || processingDeadline.compareTo(first) < 0) {
            throw new IllegalArgumentException("need 0 < first <= maxInterval and first <= processingDeadline");
        }
    }

    /**
     * How long after {@code elapsed} (time since Kling accepted the task) the next check is due: the first plan
     * point after {@code elapsed}, but never later than the processing deadline.
     */
    public Duration nextCheckAfter(Duration elapsed) {
        Duration point = first;
        while (point.compareTo(elapsed) <= 0) {
            point = point.plus(min(point, maxInterval));
        }
        Duration next = min(point, processingDeadline).minus(elapsed);
        return next.isNegative() || next.isZero() ? Duration.ofSeconds(1) : next;
    }

    /** True once a request has been processing for the whole deadline. */
    public boolean pastDeadline(Duration elapsed) {
        return elapsed.compareTo(processingDeadline) >= 0;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
