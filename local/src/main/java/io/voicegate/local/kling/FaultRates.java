package io.voicegate.local.kling;

import java.time.Duration;

/**
 * Probabilities (0..1) of random faults, drawn per request or per task from a seeded {@link java.util.Random}, so a
 * failing run can be replayed with the same seed. Scripted faults ({@link SimulatorFaults}) take precedence.
 *
 * @param serverErrors       a request is answered HTTP 500 / 5000 and does nothing
 * @param rateLimits         a request is answered HTTP 429 / 1303 and does nothing
 * @param lostCreates        a create makes the task but is answered HTTP 500 / 5000
 * @param slowResponses      an answer is held back for {@code slowDelay}
 * @param duplicateCallbacks a task's callbacks are each sent twice
 * @param droppedCallbacks   a task's terminal callback is never sent
 * @param reorderedCallbacks a task's {@code processing} callback is sent after the terminal one
 * @param failedTasks        a task ends {@code failed} ({@link #FAILED_TASK_MESSAGE}) instead of succeeding
 */
public record FaultRates(double serverErrors, double rateLimits, double lostCreates, double slowResponses,
                         Duration slowDelay, double duplicateCallbacks, double droppedCallbacks,
                         double reorderedCallbacks, double failedTasks) {

    /** The {@code task_status_msg} of a task failed at random. */
    public static final String FAILED_TASK_MESSAGE = "Simulated failure: the voice could not be cloned";

    public FaultRates {
        for (double rate : new double[] {serverErrors, rateLimits, lostCreates, slowResponses, duplicateCallbacks,
                droppedCallbacks, reorderedCallbacks, failedTasks}) {
            if (rate < 0 || rate > 1) {
                throw new IllegalArgumentException("a rate must be within 0..1");
            }
        }
    }

    public static FaultRates none() {
        return new FaultRates(0, 0, 0, 0, Duration.ZERO, 0, 0, 0, 0);
    }

    public FaultRates withServerErrors(double rate) {
        return new FaultRates(rate, rateLimits, lostCreates, slowResponses, slowDelay, duplicateCallbacks,
                droppedCallbacks, reorderedCallbacks, failedTasks);
    }

    public FaultRates withRateLimits(double rate) {
        return new FaultRates(serverErrors, rate, lostCreates, slowResponses, slowDelay, duplicateCallbacks,
                droppedCallbacks, reorderedCallbacks, failedTasks);
    }

    public FaultRates withLostCreates(double rate) {
        return new FaultRates(serverErrors, rateLimits, rate, slowResponses, slowDelay, duplicateCallbacks,
                droppedCallbacks, reorderedCallbacks, failedTasks);
    }

    public FaultRates withSlowResponses(double rate, Duration delay) {
        return new FaultRates(serverErrors, rateLimits, lostCreates, rate, delay, duplicateCallbacks,
                droppedCallbacks, reorderedCallbacks, failedTasks);
    }

    public FaultRates withDuplicateCallbacks(double rate) {
        return new FaultRates(serverErrors, rateLimits, lostCreates, slowResponses, slowDelay, rate,
                droppedCallbacks, reorderedCallbacks, failedTasks);
    }

    public FaultRates withDroppedCallbacks(double rate) {
        return new FaultRates(serverErrors, rateLimits, lostCreates, slowResponses, slowDelay, duplicateCallbacks,
                rate, reorderedCallbacks, failedTasks);
    }

    public FaultRates withReorderedCallbacks(double rate) {
        return new FaultRates(serverErrors, rateLimits, lostCreates, slowResponses, slowDelay, duplicateCallbacks,
                droppedCallbacks, rate, failedTasks);
    }

    public FaultRates withFailedTasks(double rate) {
        return new FaultRates(serverErrors, rateLimits, lostCreates, slowResponses, slowDelay, duplicateCallbacks,
                droppedCallbacks, reorderedCallbacks, rate);
    }
}
