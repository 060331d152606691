package io.voicegate.app;

import io.voicegate.domain.AccountSuspendedException;
import io.voicegate.domain.Hashes;
import io.voicegate.domain.IdempotencyConflictException;
import io.voicegate.domain.IdempotencyInFlightException;
import io.voicegate.domain.IdempotencyRecord;
import io.voicegate.domain.InsufficientBalanceException;
import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestIds;
import io.voicegate.domain.Submission;
import io.voicegate.domain.SubmissionRules;
import io.voicegate.domain.VoiceNameTakenException;
import io.voicegate.port.DispatchQueue;
import io.voicegate.port.IdempotencyStore;
import io.voicegate.port.Metrics;
import io.voicegate.port.QueueUnavailableException;
import io.voicegate.port.RequestStore;
import io.voicegate.port.StoreBusyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Submits a request (HTTP and SQS intake alike): validate, then one transaction that creates the request, debits the
 * pre-charge and writes the hold entry, then a dispatch hint. With an idempotency key the same request replays the
 * first result (requests are compared as JSON values, so key order and white space do not matter), a different one
 * is refused, and a concurrent duplicate is told to retry.
 */
public class SubmitRequest {

    private static final Logger LOG = LoggerFactory.getLogger(SubmitRequest.class);
    /** How long an unfinished idempotency claim blocks duplicates before another attempt may take it over. */
    static final Duration CLAIM_LOCK = Duration.ofSeconds(30);
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final SubmissionRules rules;
    private final RequestStore requests;
    private final IdempotencyStore idempotency;
    private final DispatchQueue dispatch;
    private final RequestIds ids;
    private final Clock clock;
    private final Metrics metrics;

    /** @param metrics counts each new request (not a replay) */
    public SubmitRequest(SubmissionRules rules, RequestStore requests, IdempotencyStore idempotency,
                         DispatchQueue dispatch, RequestIds ids, Clock clock, Metrics metrics) {
        this.metrics = metrics;
        this.rules = rules;
        this.requests = requests;
        this.idempotency = idempotency;
        this.dispatch = dispatch;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * @throws io.voicegate.domain.ValidationException the body is invalid (nothing is remembered)
     * @throws InsufficientBalanceException the balance does not cover the hold (nothing is remembered)
     * @throws AccountSuspendedException the account is suspended (nothing is remembered)
     * @throws VoiceNameTakenException the account has a live voice of this name (nothing is remembered)
     * @throws IdempotencyConflictException the key was used with another body
     * @throws IdempotencyInFlightException the key is being used by a request still in flight
     * @throws StoreBusyException the store was busy (a conflicting write, throttling): nothing was written and the
     *                            key is free; retry shortly
     */
    public SubmitResult submit(SubmitCommand command) {
        RequestLogContext.account(command.accountId());
        Submission submission = rules.validate(command.body().value());
        Instant now = clock.instant();
        if (command.idempotencyKey().isEmpty()) {
            Request request = Request.submitted(ids.next(), command.accountId(), command.source(), submission, now);
            RequestLogContext.request(request.requestId());
            requests.insert(request, Optional.of(LedgerEntry.hold(request)), Optional.empty());
            metrics.requestSubmitted();
            hintDispatch(request);
            return new SubmitResult(request, false);
        }
        Claimed claimed = claim(command, now);
        if (claimed.replay().isPresent()) {
            return claimed.replay().get();
        }
        IdempotencyRecord claim = claimed.claim();
        Request request = Request.submitted(claim.requestId(), command.accountId(), command.source(), submission, now);
        RequestLogContext.request(request.requestId());
        try {
            requests.insert(request, Optional.of(LedgerEntry.hold(request)), Optional.of(claim));
        } catch (InsufficientBalanceException | AccountSuspendedException | VoiceNameTakenException
                 | StoreBusyException e) {
            // nothing was written: the key is free again, so the client's retry is not told "in flight" for 30 s
            idempotency.release(claim);
            throw e;
        } catch (RequestStore.RequestExistsException e) {
            // A taken-over claim whose first attempt did commit: finish the bookkeeping and replay it.
            idempotency.complete(claim);
            return replay(claim.requestId());
        }
        metrics.requestSubmitted();
        hintDispatch(request);
        return new SubmitResult(request, false);
    }

    /**
     * Claims the idempotency key (or takes over an abandoned claim), or returns the replay of a finished one.
     * A claim whose submission was refused, or found the store busy, wrote nothing and is released. The outcome of
     * a claim whose submission failed in an unknown way is deliberately left locked: releasing it
     * could let a retry create a second request, whereas a take-over reuses the request id, which the store refuses
     * to create twice.
     */
    Claimed claim(SubmitCommand command, Instant now) {
        IdempotencyRecord proposed = new IdempotencyRecord(command.accountId(), command.idempotencyKey().get(),
                Hashes.sha256Hex(command.body().canonical()), ids.next(), false, now.plus(CLAIM_LOCK),
                UUID.randomUUID().toString());
        Optional<IdempotencyRecord> existing = idempotency.claim(proposed);
        if (existing.isEmpty()) {
            return new Claimed(proposed, Optional.empty());
        }
        IdempotencyRecord found = existing.get();
        if (!found.bodyHash().equals(proposed.bodyHash())) {
            throw new IdempotencyConflictException();
        }
        if (found.completed()) {
            return new Claimed(null, Optional.of(replay(found.requestId())));
        }
        if (!found.lockExpired(now)) {
            throw new IdempotencyInFlightException(RETRY_AFTER);
        }
        IdempotencyRecord replacement = new IdempotencyRecord(found.accountId(), found.key(), found.bodyHash(),
                found.requestId(), false, now.plus(CLAIM_LOCK), proposed.claimToken());
        return idempotency.takeOver(found, replacement)
                .map(taken -> new Claimed(taken, Optional.<SubmitResult>empty()))
                .orElseThrow(() -> new IdempotencyInFlightException(RETRY_AFTER));
    }

    private SubmitResult replay(String requestId) {
        Request request = requests.find(requestId).orElseThrow(() -> new IllegalStateException(
                "idempotency record points at missing request " + requestId));
        return new SubmitResult(request.asSubmitted(), true);
    }

    /** The transaction is the truth and the message only a hint: a lost message is re-sent by the sweeper. */
    private void hintDispatch(Request request) {
        try {
            dispatch.enqueue(request.requestId(), false);
        } catch (QueueUnavailableException e) {
            LOG.warn("dispatch message for request {} not sent; the sweeper will re-send it", request.requestId(), e);
        }
    }

    record Claimed(IdempotencyRecord claim, Optional<SubmitResult> replay) {
    }
}
