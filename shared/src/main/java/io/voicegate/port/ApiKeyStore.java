package io.voicegate.port;

import io.voicegate.domain.ApiKeyInfo;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** An account's API keys, by their SHA-256: several per account, so a key can be rotated without downtime. */
public interface ApiKeyStore {

    /** The account (and key id) a key hash opens, read consistently, so a revoked key fails on the next request. */
    Optional<KeyOwner> owner(String apiKeyHash);

    /** Notes the UTC day a key was used on (at most one write per key and day). A revoked key is left alone. */
    void markUsed(KeyOwner owner, LocalDate day);

    /**
     * Adds a key to an existing account.
     *
     * @throws LedgerStore.AccountNotFoundException no such account
     */
    ApiKeyInfo add(String accountId, String apiKeyHash, String last4, Instant now);

    /** The account's keys that are not revoked, oldest first. */
    List<ApiKeyInfo> list(String accountId);

    /**
     * Revokes a key at once: it no longer opens the account.
     *
     * @return false when the account has no such key
     */
    boolean revoke(String accountId, String keyId);

    /** Who a key belongs to; {@code keyId} is empty for a key issued before keys had ids. */
    record KeyOwner(String accountId, String apiKeyHash, Optional<String> keyId, Optional<LocalDate> lastUsedOn) {
    }
}
