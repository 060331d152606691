package io.voicegate.http;

import io.voicegate.app.CancelRequest;
import io.voicegate.domain.NotCancelableException;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestIds;

import java.util.Optional;

/**
 * What a client does with one of its requests beyond reading it: cancel it ({@code POST /requests/{id}/cancel}).
 * Another account's request is a 404, as a missing one is.
 */
final class RequestActionsApi {

    private final CancelRequest cancel;

    RequestActionsApi(CancelRequest cancel) {
        this.cancel = cancel;
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

    private static ApiResponse record(Optional<Request> request) {
        return request.map(r -> ApiResponse.json(200, Views.request(r)))
                .orElseGet(() -> Problems.notFound("The request"));
    }
}
