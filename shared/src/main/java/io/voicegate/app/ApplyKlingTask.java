package io.voicegate.app;

import io.voicegate.domain.ErrorCodes;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.Transition;
import io.voicegate.domain.kling.KlingTask;
import io.voicegate.port.RequestStore;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Applies what Kling says about a request's task (from a callback's re-query, a scheduled check or the sweeper)
 * through the status machine: {@code submitted}/{@code processing} → processing, {@code succeed} → success with the
 * voices (or the no-voices error), {@code failed} → failed with Kling's message. Every write is conditional (on the
 * status it moves from and on the task being the request's), so a duplicate, late or out-of-order answer changes
 * nothing, and a writer needs no read first: a refused write answers with the request as it is. A task whose
 * {@code external_task_id} names another request is never applied, also before the request has a task of its own.
 */
public class ApplyKlingTask {

    private final RequestStore requests;
    private final Clock clock;

    /** What applying a task did: whether the request changed, and otherwise the request that refused it. */
    public record Applied(boolean changed, Optional<Request> refusedBy) {
    }

    public ApplyKlingTask(RequestStore requests, Clock clock) {
        this.requests = requests;
        this.clock = clock;
    }

    /**
     * Applies the task to a request already read (checks, sweeper): nothing is written when the answer cannot move it.
     *
     * @return true when the request changed
     */
    public boolean apply(Request request, KlingTask task) {
        if (namesAnotherRequest(request.requestId(), task)) {
            return false;
        }
        Transition transition = transition(task);
        if (request.status().moveTo(transition.to()) == RequestStatus.Move.NO_OP || request.status().isTerminal()) {
            return false;
        }
        return write(request.requestId(), transition, request.status() == RequestStatus.DISPATCHED).changed();
    }

    /**
     * Applies the task to a request not read first (a callback): one conditional write; when it is refused because
     * Kling's answer overtook the dispatch worker's own write (the request is still dispatched), the task is recorded
     * on the way through and the write made again.
     */
    public Applied apply(String requestId, KlingTask task) {
        if (namesAnotherRequest(requestId, task)) {
            return new Applied(false, Optional.empty());
        }
        return write(requestId, transition(task), false);
    }

    /** Kling echoes the request id we sent as the task's {@code external_task_id} (Kling API notes §3 "Create"). */
    private static boolean namesAnotherRequest(String requestId, KlingTask task) {
        return task.externalTaskId().filter(id -> !id.equals(requestId)).isPresent();
    }

    private Applied write(String requestId, Transition transition, boolean knownDispatched) {
        Instant now = clock.instant();
        String taskId = transition.klingTaskId().orElseThrow();
        boolean throughProcessing = transition.to() == RequestStatus.SUCCESS;
        if (knownDispatched && transition.to() != RequestStatus.FAILED) {
            boolean recorded = requests.advance(requestId, Transition.processing(taskId), now);
            if (transition.to() == RequestStatus.PROCESSING) {
                return new Applied(recorded, Optional.empty());
            }
            return new Applied(requests.advance(requestId, transition, now) || recorded, Optional.empty());
        }
        RequestStore.Advance first = requests.tryAdvance(requestId, transition, now);
        if (first.moved() || !throughProcessing
                || !first.refusedBy().map(r -> r.status() == RequestStatus.DISPATCHED).orElse(false)) {
            return new Applied(first.moved(), first.refusedBy());
        }
        boolean recorded = requests.advance(requestId, Transition.processing(taskId), now);
        RequestStore.Advance second = requests.tryAdvance(requestId, transition, now);
        return new Applied(second.moved() || recorded, second.refusedBy());
    }

    /** What the task's status means for the request; the voices are kept as Kling reports them (see Request). */
    private static Transition transition(KlingTask task) {
        Optional<BigDecimal> units = task.finalUnitDeduction();
        return switch (task.status()) {
            case SUBMITTED, PROCESSING -> Transition.processing(task.taskId());
            case SUCCEED -> new Transition(RequestStatus.SUCCESS, Optional.of(task.taskId()),
                    Optional.of(Outcome.voices(task.voices())), units);
            case FAILED -> new Transition(RequestStatus.FAILED, Optional.of(task.taskId()),
                    Optional.of(failure(task)), units);
        };
    }

    private static Outcome failure(KlingTask task) {
        String message = task.statusMessage().orElse("Kling reported that the task failed");
        String lower = message.toLowerCase(Locale.ROOT);
        boolean policy = lower.contains("policy") || lower.contains("risk") || lower.contains("sensitive")
                || lower.contains("security");
        return Outcome.failure(policy ? ErrorCodes.CONTENT_POLICY : ErrorCodes.UPSTREAM_FAILED, message);
    }
}
