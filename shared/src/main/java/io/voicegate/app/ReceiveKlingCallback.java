package io.voicegate.app;

import io.voicegate.domain.CallbackTokens;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.StandardWebhooks;
import io.voicegate.domain.Voice;
import io.voicegate.domain.kling.KlingException;
import io.voicegate.domain.kling.KlingTask;
import io.voicegate.domain.kling.KlingTaskStatus;
import io.voicegate.port.RequestStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A Kling callback: checks the URL token (and, when configured, Kling's Standard Webhooks signature), then treats
 * the body as a hint: a callback about a task that has not ended changes nothing and costs nothing; for an end, the
 * task is re-queried from Kling (unless re-query is switched off) and applied through {@link ApplyKlingTask} in one
 * conditional write, without reading the request first. A duplicate or late callback is accepted and changes nothing.
 */
public class ReceiveKlingCallback {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiveKlingCallback.class);

    public enum Result { APPLIED, UNCHANGED, NOT_FOUND, BAD_SIGNATURE, KLING_UNAVAILABLE }

    /**
     * The callback as received: the path's request id and token, the signature headers, the raw body (what the
     * signature covers) and how to read the task it carries (the edge's JSON reader; empty when the body is not a
     * task object). The body is read only once the token and signature have passed: nobody else's text is parsed
     * or logged.
     */
    public record Callback(String requestId, String token, Optional<String> webhookId,
                           Optional<String> webhookTimestamp, Optional<String> webhookSignature, String body,
                           Function<String, Optional<KlingTask>> reader) {
    }

    private final CallbackTokens tokens;
    /** Read on each callback: the secret may be fetched after a SnapStart restore, or rotated. */
    private final Supplier<Optional<String>> klingWebhookSecret;
    private final boolean requery;
    private final RequestStore requests;
    private final AskKling ask;
    private final ApplyKlingTask apply;
    private final Clock clock;

    /** @param klingWebhookSecret Kling's webhook secret as it is at each callback; empty when none is configured */
    public ReceiveKlingCallback(CallbackTokens tokens, Supplier<Optional<String>> klingWebhookSecret, boolean requery,
                                RequestStore requests, AskKling ask, ApplyKlingTask apply,
                                Clock clock) {
        this.tokens = tokens;
        this.klingWebhookSecret = klingWebhookSecret;
        this.requery = requery;
        this.requests = requests;
        this.ask = ask;
        this.apply = apply;
        this.clock = clock;
    }

    public Result receive(Callback callback) {
        if (!tokens.matches(callback.requestId(), callback.token())) {
            return Result.NOT_FOUND;
        }
        Optional<String> webhookSecret = klingWebhookSecret.get();
        if (webhookSecret.isPresent() && !StandardWebhooks.verify(webhookSecret.get(),
                callback.webhookId().orElse(null), callback.webhookTimestamp().orElse(null), callback.body(),
                callback.webhookSignature().orElse(null), clock.instant())) {
            return Result.BAD_SIGNATURE;
        }
        Optional<KlingTask> hint = callback.reader().apply(callback.body());
        // Kling calls back on every status change, but only the task's end can change the request: the dispatch
        // worker records the task itself. So a callback saying the task is not over costs no read and no re-query.
        if (hint.isPresent() && !hint.get().status().isTerminal()) {
            return Result.UNCHANGED;
        }
        String requestId = callback.requestId();
        Optional<KlingTask> task;
        try {
            task = requery ? ask.about(requestId, hint.map(KlingTask::taskId)) : hint;
        } catch (KlingException e) {
            LOG.warn("request {}: callback received but Kling could not be asked ({}); the sweeper will retry",
                    requestId, e.getMessage());
            return Result.KLING_UNAVAILABLE;
        }
        if (task.isEmpty() || !task.get().externalTaskId().map(requestId::equals).orElse(true)) {
            LOG.warn("request {}: callback names no task of this request", requestId);
            return Result.UNCHANGED;
        }
        if (!task.get().status().isTerminal()) {
            return Result.UNCHANGED;
        }
        // No read first: the write is conditional on the request being open and this task being its own, and a
        // refusal answers with the request as it is.
        ApplyKlingTask.Applied applied = apply.apply(requestId, task.get());
        if (applied.changed()) {
            return Result.APPLIED;
        }
        if (applied.refusedBy().isEmpty()) {
            return Result.NOT_FOUND;
        }
        Request request = applied.refusedBy().get();
        if (request.klingTaskId().filter(id -> !id.equals(task.get().taskId())).isPresent()) {
            LOG.warn("request {}: callback names no task of this request", requestId);
        } else if (request.status().isTerminal()
                && request.outcome().map(Outcome::isProcessingDeadlineExceeded).orElse(false)) {
            recordLateSuccess(request, task.get());
        }
        return Result.UNCHANGED;
    }

    /**
     * A success Kling reports for a request already failed at its processing deadline: the failure (and refund)
     * stands; the voices are recorded once on the request for the operator, and the case is logged and counted.
     */
    private void recordLateSuccess(Request request, KlingTask task) {
        if (task.status() != KlingTaskStatus.SUCCEED) {
            return;
        }
        List<String> voiceIds = task.voices().stream().map(Voice::voiceId).toList();
        if (requests.recordLateVoices(request.requestId(), voiceIds)) {
            LOG.warn("request {}: Kling task {} succeeded after the processing deadline (voices {}); the request stays "
                    + "failed and refunded [metric: late_successes]", request.requestId(), task.taskId(), voiceIds);
        }
    }
}
