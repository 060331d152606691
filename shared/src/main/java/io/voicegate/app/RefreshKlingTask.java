package io.voicegate.app;

import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.RequeryPlan;
import io.voicegate.domain.Transition;
import io.voicegate.domain.kling.KlingException;
import io.voicegate.domain.kling.KlingTask;
import io.voicegate.port.QueueUnavailableException;
import io.voicegate.port.RequestStore;
import io.voicegate.port.TaskChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Asks Kling what became of a processing request's task and applies the answer, so a request whose callbacks are
 * lost still ends; the one place that enforces the processing deadline. Used by the scheduled per-request checks
 * ({@link RequeryPlan}) and by the sweeper. Whatever Kling answers — still {@code processing}, "task not found"
 * (404/1203), or nothing at all — a request open for the whole deadline fails with
 * {@code processing_deadline_exceeded} and is refunded.
 */
public class RefreshKlingTask {

    private static final Logger LOG = LoggerFactory.getLogger(RefreshKlingTask.class);

    /** What a refresh left behind. */
    public enum Result { ENDED, STILL_OPEN, EXPIRED, NOT_PROCESSING }

    private final RequestStore requests;
    private final AskKling ask;
    private final ApplyKlingTask apply;
    private final TaskChecks checks;
    private final RequeryPlan plan;
    private final Clock clock;

    public RefreshKlingTask(RequestStore requests, AskKling ask, ApplyKlingTask apply, TaskChecks checks,
                            RequeryPlan plan, Clock clock) {
        this.requests = requests;
        this.ask = ask;
        this.apply = apply;
        this.checks = checks;
        this.plan = plan;
        this.clock = clock;
    }

    /**
     * A scheduled check: refreshes the request and, while it stays open, schedules the next check of the plan.
     *
     * @param processingSince when Kling accepted the task
     */
    public Result check(String requestId, Instant processingSince) {
        Optional<Request> found = requests.find(requestId);
        if (found.isEmpty()) {
            return Result.NOT_PROCESSING;
        }
        Result result = refresh(found.get(), processingSince);
        if (result == Result.STILL_OPEN) {
            Duration elapsed = Duration.between(processingSince, clock.instant());
            try {
                checks.schedule(requestId, processingSince, plan.nextCheckAfter(elapsed));
            } catch (QueueUnavailableException e) {
                LOG.warn("request {}: next Kling check not scheduled; the sweeper will re-query it", requestId, e);
            }
        }
        return result;
    }

    /** Re-queries the task of a processing request and applies the answer; past the deadline, fails the request. */
    public Result refresh(Request request, Instant processingSince) {
        if (request.status() != RequestStatus.PROCESSING) {
            return Result.NOT_PROCESSING;
        }
        try {
            Optional<KlingTask> task = ask.about(request.requestId(), request.klingTaskId());
            if (task.isPresent() && apply.apply(request, task.get()) && task.get().status().isTerminal()) {
                return Result.ENDED;
            }
            if (task.isEmpty()) {
                LOG.warn("request {}: Kling does not know its task {}", request.requestId(),
                        request.klingTaskId().orElse("(none)"));
            }
        } catch (KlingException e) {
            LOG.warn("request {}: Kling could not be asked ({})", request.requestId(), e.getMessage());
        }
        Instant now = clock.instant();
        if (plan.pastDeadline(Duration.between(processingSince, now))) {
            boolean failed = requests.advance(request.requestId(),
                    Transition.failed(Outcome.processingDeadlineExceeded()), now);
            if (failed) {
                LOG.warn("request {} failed: processing deadline of {} s passed [metric: processing_deadline_exceeded]",
                        request.requestId(), plan.processingDeadline().toSeconds());
            }
            return failed ? Result.EXPIRED : Result.ENDED;
        }
        return Result.STILL_OPEN;
    }
}
