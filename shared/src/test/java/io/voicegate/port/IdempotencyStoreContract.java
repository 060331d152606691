package io.voicegate.port;

import io.voicegate.domain.IdempotencyRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link IdempotencyStore} must do: one claim per key and account, take-overs and releases only by the
 * claim's holder, and records that count only while they are kept (24 hours here). Runs against the fake and the
 * DynamoDB adapter.
 */
public abstract class IdempotencyStoreContract {

    /** A fresh storage for each test; its idempotency retention is 24 hours. */
    protected abstract Storage storage();

    private IdempotencyStore store() {
        return storage().idempotency();
    }

    private IdempotencyRecord record(String account, String key, String token) {
        return new IdempotencyRecord(account, key, "body-hash", "request-" + token, false,
                storage().clock().instant().plusSeconds(30), token);
    }

    @Test
    void theFirstClaimWinsAndLaterOnesSeeIt() {
        String account = "acct-" + UUID.randomUUID();
        IdempotencyRecord first = record(account, "k", "t1");

        assertThat(store().claim(first)).isEmpty();
        assertThat(store().claim(record(account, "k", "t2"))).contains(first);
        assertThat(store().claim(record("acct-" + UUID.randomUUID(), "k", "t3"))).as("keys are per account")
                .isEmpty();
    }

    @Test
    void onlyTheHolderOfAnUnfinishedClaimCanHandItOver() {
        String account = "acct-" + UUID.randomUUID();
        IdempotencyRecord first = record(account, "k", "t1");
        store().claim(first);
        IdempotencyRecord replacement = new IdempotencyRecord(account, "k", "body-hash", first.requestId(), false,
                first.lockedUntil().plusSeconds(60), "t2");

        assertThat(store().takeOver(record(account, "k", "not-the-token"), replacement)).isEmpty();
        assertThat(store().takeOver(first, replacement)).contains(replacement);
        assertThat(store().takeOver(first, record(account, "k", "t3"))).as("the old holder lost it").isEmpty();
        assertThat(store().claim(record(account, "k", "t4"))).contains(replacement);
    }

    @Test
    void aReleasedClaimFreesTheKeyButOnlyItsHolderReleasesIt() {
        String account = "acct-" + UUID.randomUUID();
        IdempotencyRecord first = record(account, "k", "t1");
        store().claim(first);

        store().release(record(account, "k", "someone-else"));
        assertThat(store().claim(record(account, "k", "t2"))).as("still held").contains(first);
        store().release(first);

        assertThat(store().claim(record(account, "k", "t3"))).isEmpty();
    }

    @Test
    void aCompletedClaimIsNeitherTakenOverNorReleased() {
        String account = "acct-" + UUID.randomUUID();
        IdempotencyRecord first = record(account, "k", "t1");
        store().claim(first);

        store().complete(first);
        store().release(first);

        IdempotencyRecord seen = store().claim(record(account, "k", "t2")).orElseThrow();
        assertThat(seen.completed()).isTrue();
        assertThat(seen.requestId()).isEqualTo(first.requestId());
        assertThat(store().takeOver(first, record(account, "k", "t3"))).isEmpty();
    }

    @Test
    void aRecordPastItsRetentionNoLongerCounts() {
        String account = "acct-" + UUID.randomUUID();
        store().claim(record(account, "k", "t1"));

        storage().clock().advance(Duration.ofHours(24).plusSeconds(2));
        IdempotencyRecord fresh = record(account, "k", "t2");

        assertThat(store().claim(fresh)).isEmpty();
        assertThat(store().claim(record(account, "k", "t3"))).contains(fresh);
    }

    @Test
    void theLockTimeIsKeptToTheMillisecond() {
        String account = "acct-" + UUID.randomUUID();
        IdempotencyRecord first = new IdempotencyRecord(account, "k", "h", "r", false,
                Instant.parse("2026-11-24T10:00:30.123Z"), "t1");
        store().claim(first);

        assertThat(store().claim(record(account, "k", "t2")).orElseThrow().lockedUntil())
                .isEqualTo(first.lockedUntil());
    }
}
