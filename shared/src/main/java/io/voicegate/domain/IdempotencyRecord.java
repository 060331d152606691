package io.voicegate.domain;

import java.time.Instant;

/**
 * What the gateway remembers about one idempotency key of one account: the body it was first used with (by hash),
 * the request it created, and whether that submission finished. An unfinished one is locked until
 * {@code lockedUntil}; after that another attempt may take it over with the same request id.
 */
public record IdempotencyRecord(String accountId, String key, String bodyHash, String requestId, boolean completed,
                                Instant lockedUntil, String claimToken) {

    public boolean lockExpired(Instant now) {
        return !completed && now.isAfter(lockedUntil);
    }
}
