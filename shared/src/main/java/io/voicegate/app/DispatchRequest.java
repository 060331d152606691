package io.voicegate.app;

import io.voicegate.domain.CallbackTokens;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.RequeryPlan;
import io.voicegate.domain.Transition;
import io.voicegate.domain.VoiceNames;
import io.voicegate.domain.kling.CreateVoice;
import io.voicegate.domain.kling.KlingAmbiguousException;
import io.voicegate.domain.kling.KlingOperatorException;
import io.voicegate.domain.kling.KlingRejectedException;
import io.voicegate.domain.kling.KlingRetryableException;
import io.voicegate.domain.kling.KlingTask;
import io.voicegate.port.KlingClient;
import io.voicegate.port.Metrics;
import io.voicegate.port.QueueUnavailableException;
import io.voicegate.port.RequestStore;
import io.voicegate.port.TaskChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Creates the Kling task of a dispatched request, exactly once, and never for a canceled one: before its first create
 * the request is marked, by a write conditional on it still being dispatched, and a cancel needs an unmarked request
 * ({@link RequestStore#markCreateAttempted}). The request id is Kling's {@code external_task_id},
 * so whenever a task may already exist (a redelivered message, an ambiguous or refused create) it is looked up
 * first and adopted, and a new create is made only when the lookup proves there is none. A request goes to Kling only
 * once admitted ({@link KlingAdmission}: it holds one of the deployment's Kling task slots); until then it waits in
 * the queue.
 */
public class DispatchRequest {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchRequest.class);

    /** What the worker does with the message afterwards. */
    public enum Result {
        /** Done: the task was created or adopted, the request failed, or there was nothing to do. */
        DONE,
        /** Try again later, with backoff. */
        RETRY
    }

    private final RequestStore requests;
    private final KlingClient kling;
    private final CallbackTokens tokens;
    private final String publicBaseUrl;
    private final TaskChecks checks;
    private final RequeryPlan plan;
    private final KlingAdmission admission;
    private final Clock clock;
    private final Metrics metrics;

    /**
     * @param checks    where the first re-query of an accepted task is scheduled ({@code plan.first()} later)
     * @param admission which requests may go to Kling now (a slot each; the others wait in the queue), and when
     *                  Kling has refused one for too long
     * @param metrics   counts each retry, by whether Kling was unavailable or refused our account
     */
    public DispatchRequest(RequestStore requests, KlingClient kling, CallbackTokens tokens, String publicBaseUrl,
                           TaskChecks checks, RequeryPlan plan, KlingAdmission admission, Clock clock,
                           Metrics metrics) {
        this.admission = admission;
        this.metrics = metrics;
        this.checks = checks;
        this.plan = plan;
        this.requests = requests;
        this.kling = kling;
        this.tokens = tokens;
        this.publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
                : publicBaseUrl;
        this.clock = clock;
    }

    /**
     * @param taskMayExist an earlier attempt may have created the task (the message was received before, or the
     *                     sweeper re-sent it): the task is looked up before one is created
     */
    public Result dispatch(String requestId, boolean taskMayExist) {
        // Nothing is read first: the slot is taken by request id, and the mark below is conditional on the request
        // being dispatched still. The request is read only when every slot is held.
        KlingAdmission.Decision decision = admission.admit(requestId, () -> requests.find(requestId)
                .filter(r -> r.status() == RequestStatus.DISPATCHED).map(Request::createdAt));
        if (!(decision instanceof KlingAdmission.Admitted admitted)) {
            return notAdmitted(requestId, decision);
        }
        // Marked only once admitted: a request waiting for a slot can still be canceled.
        Optional<Request> marked = requests.markCreateAttempted(requestId, clock.instant());
        if (marked.isEmpty()) {
            // Canceled, moved on, or a duplicate message: no task may be created for it. A slot taken just now goes
            // back unless the request is at Kling (another delivery of its message created the task meanwhile, and
            // holds the same slot); this read happens only on that rare path.
            if (!admitted.heldBefore() && requests.find(requestId)
                    .map(r -> r.status().isTerminal()).orElse(true)) {
                admission.release(requestId);
            }
            return Result.DONE;
        }
        Request request = marked.get();
        if (admission.pastDispatchDeadline(admitted.since().orElse(request.createdAt()), clock.instant())) {
            fail(request, Outcome.dispatchDeadlineExceeded());
            return Result.DONE;
        }
        try {
            // Only a request that held its slot already can have been sent to Kling before.
            if (taskMayExist && admitted.heldBefore() && adoptExisting(request)) {
                return Result.DONE;
            }
            return create(request);
        } catch (KlingRetryableException | KlingAmbiguousException e) {
            LOG.info("request {}: Kling unavailable ({}), retrying later", requestId, e.getMessage());
            metrics.dispatchRetried(Metrics.RetryReason.KLING_UNAVAILABLE);
        } catch (KlingOperatorException e) {
            LOG.error("request {}: Kling refused our account or credentials ({}); retrying until the deadline",
                    requestId, e.getMessage());
            metrics.dispatchRetried(Metrics.RetryReason.KLING_ACCOUNT);
        }
        return Result.RETRY;
    }

    /**
     * A request admission did not let through: it waits in the queue again (or, if it could not be put back, keeps
     * its message for a retry), or it waited past the queue timeout and fails, only if it never went to Kling, or it
     * no longer waits at all.
     */
    private Result notAdmitted(String requestId, KlingAdmission.Decision decision) {
        if (decision instanceof KlingAdmission.QueueTimedOut) {
            KlingAdmission.failQueueTimeout(requests, requestId, clock.instant());
            return Result.DONE;
        }
        return decision instanceof KlingAdmission.NotQueued ? Result.RETRY : Result.DONE;
    }

    private Result create(Request request) {
        CreateVoice command = createCommand(request);
        try {
            return processing(request, kling.createVoice(command));
        } catch (KlingAmbiguousException e) {
            if (adoptExisting(request)) {
                return Result.DONE;
            }
            return processing(request, kling.createVoice(command));
        } catch (KlingRejectedException e) {
            // A refused create may be the duplicate of a task an earlier, concurrent delivery made.
            if (adoptExisting(request)) {
                return Result.DONE;
            }
            fail(request, Outcome.failure(e.errorCode(), e.klingMessage()));
            return Result.DONE;
        }
    }

    private boolean adoptExisting(Request request) {
        Optional<KlingTask> existing = kling.findByExternalTaskId(request.requestId());
        existing.ifPresent(task -> {
            LOG.info("request {}: adopting existing Kling task {}", request.requestId(), task.taskId());
            processing(request, task);
        });
        return existing.isPresent();
    }

    /**
     * Records the accepted task and schedules its first re-query, in case every callback is lost. When the move was
     * already made, by a callback that overtook this worker, nobody has scheduled one yet: it is scheduled too (a
     * rare duplicate check, after a redelivery, only costs a query).
     */
    private Result processing(Request request, KlingTask task) {
        Instant now = clock.instant();
        RequestStore.Advance moved = requests.tryAdvance(request.requestId(), Transition.processing(task.taskId()),
                now);
        if (moved.moved() || moved.refusedBy().map(r -> r.status() == RequestStatus.PROCESSING).orElse(false)) {
            try {
                checks.schedule(request.requestId(), now, plan.first());
            } catch (QueueUnavailableException e) {
                LOG.warn("request {}: first Kling check not scheduled; the sweeper will re-query it",
                        request.requestId(), e);
            }
        }
        return Result.DONE;
    }

    private void fail(Request request, Outcome outcome) {
        if (requests.advance(request.requestId(), Transition.failed(outcome), clock.instant())) {
            LOG.info("request {} failed at dispatch: {}", request.requestId(), outcome.errorCode().orElse(""));
        }
    }

    private CreateVoice createCommand(Request request) {
        Map<String, String> payload = request.payload();
        String callbackUrl = publicBaseUrl + "/callbacks/kling/" + request.requestId() + "/"
                + tokens.tokenFor(request.requestId());
        // Kling's names are unique per Kling account, which every tenant shares: it never sees a client's name.
        return new CreateVoice(VoiceNames.klingName(request.requestId()), Optional.ofNullable(payload.get("voice_url")),
                Optional.ofNullable(payload.get("video_id")), callbackUrl, request.requestId());
    }
}
