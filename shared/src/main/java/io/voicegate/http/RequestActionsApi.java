package io.voicegate.http;

import io.voicegate.app.CancelRequest;
import io.voicegate.app.DeliverFinalRecord;
import io.voicegate.app.WaitForRequest;
import io.voicegate.domain.DeliveryAttempt;
import io.voicegate.domain.NotCancelableException;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestIds;
import io.voicegate.domain.ValidationException;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a client does with one of its requests beyond reading it: cancel it ({@code POST /requests/{id}/cancel}) and
 * long-poll it ({@code GET /requests/{id}?wait=N}), read its webhook attempts and re-send its final record
 * ({@code GET|POST /requests/{id}/deliveries}). Another account's request is a 404, as a missing one is.
 */
final class RequestActionsApi {

    private static final Pattern WHOLE_SECONDS = Pattern.compile("[0-9]{1,3}");

    private final CancelRequest cancel;
    private final WaitForRequest waits;
    private final DeliverFinalRecord deliveries;

    RequestActionsApi(CancelRequest cancel, WaitForRequest waits, DeliverFinalRecord deliveries) {
        this.cancel = cancel;
        this.waits = waits;
        this.deliveries = deliveries;
    }

    /** {@code GET /requests/{id}/deliveries}: every webhook attempt of the request, first first. */
    ApiResponse deliveries(String accountId, String requestId) {
        Optional<List<DeliveryAttempt>> attempts = RequestIds.isWellFormed(requestId)
                ? deliveries.attempts(accountId, requestId) : Optional.empty();
        return attempts.map(a -> ApiResponse.json(200, Map.of("deliveries",
                        a.stream().map(RequestActionsApi::attempt).toList())))
                .orElseGet(() -> Problems.notFound("The request"));
    }

    /** {@code POST /requests/{id}/deliveries}: re-sends the final record now; 202 with the attempt. */
    ApiResponse resend(String accountId, String requestId) {
        if (!RequestIds.isWellFormed(requestId)) {
            return Problems.notFound("The request");
        }
        try {
            return deliveries.resend(accountId, requestId)
                    .map(a -> ApiResponse.json(202, Map.of("delivery", attempt(a))))
                    .orElseGet(() -> Problems.notFound("The request"));
        } catch (DeliverFinalRecord.NotResendableException e) {
            return Problems.of(409, "not-resendable", "Nothing to re-send", e.getMessage());
        }
    }

    private static Map<String, Object> attempt(DeliveryAttempt attempt) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("attempt", attempt.attempt());
        view.put("at", attempt.at().getEpochSecond());
        view.put("trigger", attempt.trigger().wireName());
        view.put("status", attempt.status().orElse(null));
        view.put("error", attempt.error().orElse(null));
        view.put("duration_ms", attempt.durationMs());
        view.put("next_attempt_at", attempt.nextAttemptAt().map(Instant::getEpochSecond).orElse(null));
        return view;
    }

    /** 200 with the record (failed, {@code error_code} {@code canceled}); 409 once a Kling task exists or may. */
    ApiResponse cancel(String accountId, String requestId) {
        if (!RequestIds.isWellFormed(requestId)) {
            return Problems.notFound("The request");
        }
        try {
            return record(cancel.cancel(accountId, requestId));
        } catch (NotCancelableException e) {
            return Problems.of(409, "not-cancelable", "Not cancelable", "The request can no longer be canceled: "
                    + "it was sent to Kling (or may have been), or it has already ended.");
        }
    }

    /**
     * {@code GET /requests/{id}} with an optional {@code wait} (whole seconds, 0-25).
     *
     * @throws ValidationException {@code wait} is not a whole number of seconds from 0 to 25
     */
    ApiResponse get(String accountId, String requestId, Optional<String> wait) {
        Duration duration = wait.map(RequestActionsApi::waitSeconds).orElse(Duration.ZERO);
        if (!RequestIds.isWellFormed(requestId)) {
            return Problems.notFound("The request");
        }
        return record(waits.await(accountId, requestId, duration));
    }

    private static Duration waitSeconds(String text) {
        if (!WHOLE_SECONDS.matcher(text).matches() || Integer.parseInt(text) > WaitForRequest.MAX_WAIT_SECONDS) {
            throw ValidationException.of("wait", "must be a whole number of seconds from 0 to "
                    + WaitForRequest.MAX_WAIT_SECONDS);
        }
        return Duration.ofSeconds(Integer.parseInt(text));
    }

    private static ApiResponse record(Optional<Request> request) {
        return request.map(r -> ApiResponse.json(200, Views.request(r)))
                .orElseGet(() -> Problems.notFound("The request"));
    }
}
