package io.voicegate.app;

import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.port.RequestStore;

import java.util.Optional;

/** Reads an account's own requests. Another account's request is indistinguishable from a missing one. */
public class ReadRequests {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    private final RequestStore requests;

    public ReadRequests(RequestStore requests) {
        this.requests = requests;
    }

    public Optional<Request> get(String accountId, String requestId) {
        return requests.find(requestId).filter(r -> r.accountId().equals(accountId));
    }

    public RequestStore.Page list(String accountId, Optional<RequestStatus> status, int limit,
                                  Optional<String> cursor) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit out of range: " + limit);
        }
        return requests.list(accountId, status, limit, cursor);
    }
}
