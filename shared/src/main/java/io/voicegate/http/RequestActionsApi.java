package io.voicegate.http;

import io.voicegate.app.CancelRequest;
import io.voicegate.app.WaitForRequest;
import io.voicegate.domain.NotCancelableException;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestIds;
import io.voicegate.domain.ValidationException;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a client does with one of its requests beyond reading it: cancel it ({@code POST /requests/{id}/cancel}) and
 * long-poll it ({@code GET /requests/{id}?wait=N}). Another account's request is a 404, as a missing one is.
 */
final class RequestActionsApi {

    private static final Pattern WHOLE_SECONDS = Pattern.compile("[0-9]{1,3}");

    private final CancelRequest cancel;
    private final WaitForRequest waits;

    RequestActionsApi(CancelRequest cancel, WaitForRequest waits) {
        this.cancel = cancel;
        this.waits = waits;
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
