package io.voicegate.app;

import io.voicegate.domain.CallbackTokens;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.StandardWebhooks;
import io.voicegate.domain.Voice;
import io.voicegate.domain.kling.KlingException;
import io.voicegate.domain.kling.KlingTask;
import io.voicegate.domain.kling.KlingTaskStatus;
import io.voicegate.port.KlingClient;
import io.voicegate.port.KlingTaskDecoder;
import io.voicegate.port.RequestStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A Kling callback: checks the URL token (and, when configured, Kling's Standard Webhooks signature), then treats
 * the body as a hint: the task is re-queried from Kling (unless re-query is switched off) and applied through
 * {@link ApplyKlingTask}. A duplicate or late callback is accepted and changes nothing.
 */
public class ReceiveKlingCallback {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiveKlingCallback.class);

    public enum Result { APPLIED, UNCHANGED, NOT_FOUND, BAD_SIGNATURE, KLING_UNAVAILABLE }

    /** The callback as received: the path's request id and token, the signature headers and the raw body. */
    public record Callback(String requestId, String token, Optional<String> webhookId,
                           Optional<String> webhookTimestamp, Optional<String> webhookSignature, String body) {
    }

    private final CallbackTokens tokens;
    /** Read on each callback: the secret may be fetched after a SnapStart restore, or rotated. */
    private final Supplier<Optional<String>> klingWebhookSecret;
    private final boolean requery;
    private final RequestStore requests;
    private final KlingClient kling;
    private final KlingTaskDecoder decoder;
    private final ApplyKlingTask apply;
    private final Clock clock;

    public ReceiveKlingCallback(CallbackTokens tokens, Optional<String> klingWebhookSecret, boolean requery,
                                RequestStore requests, KlingClient kling, KlingTaskDecoder decoder,
                                ApplyKlingTask apply, Clock clock) {
        this(tokens, () -> klingWebhookSecret, requery, requests, kling, decoder, apply, clock);
    }

    /** @param klingWebhookSecret Kling's webhook secret as it is at each callback; empty when none is configured */
    public ReceiveKlingCallback(CallbackTokens tokens, Supplier<Optional<String>> klingWebhookSecret, boolean requery,
                                RequestStore requests, KlingClient kling, KlingTaskDecoder decoder,
                                ApplyKlingTask apply, Clock clock) {
        this.tokens = tokens;
        this.klingWebhookSecret = klingWebhookSecret;
        this.requery = requery;
        this.requests = requests;
        this.kling = kling;
        this.decoder = decoder;
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
        Optional<Request> found = requests.find(callback.requestId());
        if (found.isEmpty()) {
            return Result.NOT_FOUND;
        }
        Request request = found.get();
        boolean lateAfterDeadline = request.status().isTerminal()
                && request.outcome().map(Outcome::isProcessingDeadlineExceeded).orElse(false);
        if (request.status().isTerminal() && !lateAfterDeadline) {
            return Result.UNCHANGED;
        }
        Optional<KlingTask> hint = decoder.decode(callback.body());
        Optional<KlingTask> task;
        try {
            task = requery ? requery(request, hint) : hint;
        } catch (KlingException e) {
            LOG.warn("request {}: callback received but Kling could not be asked ({}); the sweeper will retry",
                    request.requestId(), e.getMessage());
            return lateAfterDeadline ? Result.UNCHANGED : Result.KLING_UNAVAILABLE;
        }
        if (task.isEmpty() || !belongsTo(task.get(), request)) {
            LOG.warn("request {}: callback names no task of this request", request.requestId());
            return Result.UNCHANGED;
        }
        if (lateAfterDeadline) {
            recordLateSuccess(request, task.get());
            return Result.UNCHANGED;
        }
        return apply.apply(request, task.get()) ? Result.APPLIED : Result.UNCHANGED;
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

    /** A task names its request by external id and is the task dispatch recorded, where either is known. */
    private static boolean belongsTo(KlingTask task, Request request) {
        return task.externalTaskId().map(request.requestId()::equals).orElse(true)
                && request.klingTaskId().map(task.taskId()::equals).orElse(true);
    }

    private Optional<KlingTask> requery(Request request, Optional<KlingTask> hint) {
        return RefreshKlingTask.current(kling, request, hint.map(KlingTask::taskId));
    }
}
