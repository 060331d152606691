package io.voicegate.port;

import io.voicegate.domain.IdempotencyRecord;
import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.Settlement;
import io.voicegate.domain.Transition;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The request records, and the one transaction that creates a request together with its pre-charge. */
public interface RequestStore {

    /**
     * Atomically: puts {@code request} (only if its id is new); if {@code hold} is given, debits the account by the
     * hold (only if the balance covers it and the account is not suspended) and writes the hold ledger entry; if
     * {@code claim} is given, marks that idempotency claim completed (only if it is still this claim); if the request
     * claims a voice name ({@link Request#voiceNameClaim()}), claims that name in the account (only if no live request
     * or voice holds it). Writes all or nothing.
     *
     * @throws io.voicegate.domain.InsufficientBalanceException the balance does not cover the hold
     * @throws io.voicegate.domain.AccountSuspendedException the account is suspended (only with a hold)
     * @throws io.voicegate.domain.VoiceNameTakenException the account already has a live voice of that name
     * @throws RequestExistsException a request with this id already exists
     * @throws ClaimLostException the idempotency claim was taken over by another attempt
     */
    void insert(Request request, Optional<LedgerEntry> hold, Optional<IdempotencyRecord> claim);

    Optional<Request> find(String requestId);

    /**
     * Moves a request to {@code transition.to()}, only from a status allowed to move there (so terminal statuses
     * never change and two writers cannot both win), and, when the transition names a Kling task, only if the
     * request has no task yet or that very task; records what the transition brings.
     *
     * @return true when this call made the move; false when the request was no longer in a status that may move
     */
    boolean advance(String requestId, Transition transition, Instant now);

    /**
     * {@link #advance}, for a writer that did not read the request first: a refused move answers with the request
     * as it is, in the same call.
     *
     * @return whether this call made the move, and when it did not, the request as it is (empty when there is none)
     */
    Advance tryAdvance(String requestId, Transition transition, Instant now);

    /** What {@link #tryAdvance} did: the move made, or the request that refused it (empty: no such request). */
    record Advance(boolean moved, Optional<Request> refusedBy) {

        public static Advance made() {
            return new Advance(true, Optional.empty());
        }

        public static Advance refused(Optional<Request> current) {
            return new Advance(false, current);
        }
    }

    /**
     * Records, before any Kling create is attempted for the request, that one may now exist: only while the request
     * is still {@code dispatched}. Once recorded, {@link #cancel} refuses. Repeating it (a redelivered dispatch) is
     * harmless. The write answers with the request, so the worker needs no read before it.
     *
     * @return the request as it is now, still dispatched and marked; empty when there is no such request or it is no
     * longer dispatched (for instance canceled), so no create may be made
     */
    Optional<Request> markCreateAttempted(String requestId, Instant now);

    /**
     * Fails a request with {@code outcome}, only while it is {@code dispatched} and no Kling create was ever
     * attempted for it ({@link #markCreateAttempted}). With that mark this is the one conditional write deciding the
     * race between a cancel and the dispatch worker: exactly one of them wins.
     *
     * @return true when this call canceled it; false when it was no longer dispatched or a create may exist
     */
    boolean cancel(String requestId, io.voicegate.domain.Outcome outcome, Instant now);

    /**
     * Settles a terminal request's money in one transaction: the ledger entry (only if new), the balance change and
     * {@code billing} (only from {@code held}); in the same transaction the voices a success created become the
     * account's, and a request that ends without a voice frees its voice name (only while it still holds it), as the
     * settlement says ({@link Settlement#voices()}, {@link Settlement#releasedName()}). {@code request} may be the
     * request as its stream record showed it: nothing is read first.
     *
     * @return settled by this call, with the request as it now is; or not, when it was settled already (a replay),
     * with the request as it is (empty when there is no such request)
     */
    Settle settle(Request request, Settlement settlement, Instant now);

    /** What {@link #settle} did: settled now or not, and the request as it is afterwards (settled). */
    record Settle(boolean settledNow, Optional<Request> request) {
    }

    /**
     * Requests in one open state (dispatched, processing, or terminal but unsettled) that entered it before
     * {@code openBefore}, longest in it first: a dispatched request entered its state when it was created, a
     * processing one when Kling accepted its task, an unsettled one when it became terminal.
     */
    List<OpenRequest> open(OpenState state, Instant openBefore, int limit);

    /** The states the sparse open-requests index holds. */
    enum OpenState { DISPATCHED, PROCESSING, UNSETTLED }

    /** An open request and when it entered its current open state. */
    record OpenRequest(String requestId, Instant since) {
    }

    /**
     * Records, once, the voices of a Kling success that arrived after the request had already failed (its processing
     * deadline passed): kept on the record for the operator, never shown as the outcome or charged.
     *
     * @return true when this call recorded them; false when they were already recorded
     */
    boolean recordLateVoices(String requestId, List<String> voiceIds);

    /** The account's requests, newest first, optionally of one status. */
    Page list(String accountId, Optional<RequestStatus> status, int limit, Optional<String> cursor);

    /** One page of requests and an opaque cursor for the next, absent on the last page. */
    record Page(List<Request> requests, Optional<String> nextCursor) {
    }

    /** A request with this id already exists. */
    class RequestExistsException extends RuntimeException {
        public RequestExistsException(String requestId) {
            super("request " + requestId + " already exists");
        }
    }

    /** Another attempt took over the idempotency claim this write was made under. */
    class ClaimLostException extends RuntimeException {
        public ClaimLostException(String key) {
            super("idempotency claim lost");
        }
    }

    /** The listing cursor is not one this store issued. */
    class InvalidCursorException extends RuntimeException {
        public InvalidCursorException() {
            super("cursor is not valid");
        }
    }
}
