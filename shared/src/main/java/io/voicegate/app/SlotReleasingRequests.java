package io.voicegate.app;

import io.voicegate.domain.IdempotencyRecord;
import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.Settlement;
import io.voicegate.domain.Transition;
import io.voicegate.port.RequestStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The request store as the use cases that end requests see it: the write that ends a request (a move to
 * {@code success} or {@code failed}, a cancel) gives back its Kling slot at once, so a waiting request can take it.
 * One place for that rule, whichever way the request ends: a callback, re-query or sweep applying Kling's end of the
 * task, a deadline, Kling refusing the create, a cancel. A release that fails is logged and counted, not thrown: the
 * request's end stands, and the slot comes back by the sweeper's reclaim or its lease ({@link KlingAdmission}).
 */
public class SlotReleasingRequests implements RequestStore {

    private static final Logger LOG = LoggerFactory.getLogger(SlotReleasingRequests.class);

    private final RequestStore requests;
    private final KlingAdmission admission;

    public SlotReleasingRequests(RequestStore requests, KlingAdmission admission) {
        this.requests = requests;
        this.admission = admission;
    }

    @Override
    public boolean advance(String requestId, Transition transition, Instant now) {
        boolean moved = requests.advance(requestId, transition, now);
        if (moved && transition.to().isTerminal()) {
            release(requestId);
        }
        return moved;
    }

    @Override
    public Advance tryAdvance(String requestId, Transition transition, Instant now) {
        Advance advance = requests.tryAdvance(requestId, transition, now);
        if (advance.moved() && transition.to().isTerminal()) {
            release(requestId);
        }
        return advance;
    }

    @Override
    public boolean cancel(String requestId, Outcome outcome, Instant now) {
        boolean canceled = requests.cancel(requestId, outcome, now);
        if (canceled) {
            release(requestId);
        }
        return canceled;
    }

    private void release(String requestId) {
        try {
            admission.release(requestId);
        } catch (RuntimeException e) {
            LOG.warn("request {} ended but its Kling slot could not be given back now (the sweeper takes it back) "
                    + "[metric: kling_slot_release_failures]: {}", requestId, e.toString());
        }
    }

    @Override
    public void insert(Request request, Optional<LedgerEntry> hold, Optional<IdempotencyRecord> claim) {
        requests.insert(request, hold, claim);
    }

    @Override
    public Optional<Request> find(String requestId) {
        return requests.find(requestId);
    }

    @Override
    public Optional<Request> markCreateAttempted(String requestId, Instant now) {
        return requests.markCreateAttempted(requestId, now);
    }

    @Override
    public Settle settle(Request request, Settlement settlement, Instant now) {
        return requests.settle(request, settlement, now);
    }

    @Override
    public List<OpenRequest> open(OpenState state, Instant openBefore, int limit) {
        return requests.open(state, openBefore, limit);
    }

    @Override
    public boolean recordLateVoices(String requestId, List<String> voiceIds) {
        return requests.recordLateVoices(requestId, voiceIds);
    }

    @Override
    public Page list(String accountId, Optional<RequestStatus> status, int limit, Optional<String> cursor) {
        return requests.list(accountId, status, limit, cursor);
    }
}
