package io.voicegate.app;

import io.voicegate.domain.NotCancelableException;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.port.RequestStore;

import java.time.Clock;
import java.util.Optional;

/**
 * Cancels a request while no Kling task exists for it. The request becomes {@code failed} with
 * {@code outcome.error_code} {@code canceled}; from there it takes the path of every failure: the requests stream
 * refunds the whole hold once, and the final record is delivered. The race with the dispatch worker is decided by
 * one conditional write ({@link RequestStore#cancel}): the worker marks a request before its first create, and a
 * cancel succeeds only on an unmarked dispatched request, so exactly one side wins and a canceled request never gets
 * a Kling task.
 */
public class CancelRequest {

    private final RequestStore requests;
    private final Clock clock;

    public CancelRequest(RequestStore requests, Clock clock) {
        this.requests = requests;
        this.clock = clock;
    }

    /**
     * Cancels the account's request. Canceling a canceled request answers it again (a retried cancel).
     *
     * @return the request as it is after the cancel; empty when the account has no such request (another account's
     * request included)
     * @throws NotCancelableException a Kling task exists or may exist, or the request ended otherwise
     */
    public Optional<Request> cancel(String accountId, String requestId) {
        Optional<Request> found = requests.find(requestId).filter(r -> r.accountId().equals(accountId));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Request request = found.get();
        if (isCanceled(request)) {
            return found;
        }
        if (request.status() != RequestStatus.DISPATCHED
                || !requests.cancel(requestId, Outcome.canceled(), clock.instant())) {
            Request now = requests.find(requestId).orElse(request);
            if (isCanceled(now)) {
                return Optional.of(now);
            }
            throw new NotCancelableException(requestId);
        }
        return requests.find(requestId);
    }

    private static boolean isCanceled(Request request) {
        return request.status() == RequestStatus.FAILED && request.outcome().map(Outcome::isCanceled).orElse(false);
    }
}
