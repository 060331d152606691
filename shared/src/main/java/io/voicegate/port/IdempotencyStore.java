package io.voicegate.port;

import io.voicegate.domain.IdempotencyRecord;

import java.util.Optional;

/** Idempotency keys of one account, kept at least as long as the configured retention. */
public interface IdempotencyStore {

    /**
     * Claims the key for {@code proposed} if no record exists for it. Returns empty when the claim was made, or the
     * record already there.
     */
    Optional<IdempotencyRecord> claim(IdempotencyRecord proposed);

    /**
     * Takes over an expired, unfinished claim, keeping its request id. Returns the new claim, or empty when another
     * attempt changed the record first.
     */
    Optional<IdempotencyRecord> takeOver(IdempotencyRecord expired, IdempotencyRecord replacement);

    /** Forgets an unfinished claim that wrote nothing, so the client may retry with the same key. */
    void release(IdempotencyRecord claim);

    /** Marks a claim completed outside the submit transaction (used when the request turns out to exist already). */
    void complete(IdempotencyRecord claim);
}
