package io.voicegate.app;

import io.voicegate.domain.IdempotencyRecord;
import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.Money;
import io.voicegate.domain.OwnedVoice;
import io.voicegate.domain.WebhookSecrets;
import io.voicegate.domain.ApiKeyInfo;
import io.voicegate.port.AccountStore;
import io.voicegate.port.ApiKeyStore;
import io.voicegate.port.IdempotencyStore;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link AccountStore}, {@link ApiKeyStore} and {@link IdempotencyStore} in memory; balances and ledger live in the
 * request store.
 */
public class InMemoryAccounts implements AccountStore, ApiKeyStore, IdempotencyStore {

    private final InMemoryRequestStore store;
    final Map<String, String> keyHashes = new HashMap<>();
    final Map<String, String> principals = new HashMap<>();
    final Map<String, IdempotencyRecord> idempotency = new HashMap<>();
    final Map<String, OwnedVoice> voices = new HashMap<>();

    public InMemoryAccounts(InMemoryRequestStore store) {
        this.store = store;
    }

    @Override
    public Optional<String> accountForKeyHash(String apiKeyHash) {
        store.calls.incrementAndGet();
        return Optional.ofNullable(keyHashes.get(apiKeyHash));
    }

    @Override
    public Optional<String> accountForPrincipal(String principal) {
        return Optional.ofNullable(principals.get(principal));
    }

    @Override
    public synchronized Optional<AccountSnapshot> snapshot(String accountId, int ledgerLimit) {
        if (!store.balances.containsKey(accountId)) {
            return Optional.empty();
        }
        List<LedgerEntry> entries = new ArrayList<>(store.ledger.values().stream()
                .filter(e -> e.accountId().equals(accountId)).toList());
        entries.sort(Comparator.comparing(LedgerEntry::entryId).reversed());
        return Optional.of(new AccountSnapshot(accountId, Money.ofMicros(store.balance(accountId)), Instant.EPOCH,
                entries.subList(0, Math.min(ledgerLimit, entries.size()))));
    }

    @Override
    public ApiKeyInfo create(String accountId, Money openingBalance, String apiKeyHash, String last4,
                             String webhookSecret, Instant now) {
        store.withBalance(accountId, openingBalance.micros());
        return add(accountId, apiKeyHash, last4, now);
    }

    @Override
    public Optional<KeyOwner> owner(String apiKeyHash) {
        store.calls.incrementAndGet();
        return Optional.ofNullable(keyHashes.get(apiKeyHash))
                .map(account -> new KeyOwner(account, apiKeyHash, Optional.of("key_" + apiKeyHash.substring(0, 8)),
                        Optional.empty()));
    }

    @Override
    public void markUsed(KeyOwner owner, LocalDate day) {
    }

    @Override
    public ApiKeyInfo add(String accountId, String apiKeyHash, String last4, Instant now) {
        keyHashes.put(apiKeyHash, accountId);
        return new ApiKeyInfo("key_" + apiKeyHash.substring(0, 8), last4, now, Optional.empty());
    }

    @Override
    public List<ApiKeyInfo> list(String accountId) {
        return keyHashes.entrySet().stream().filter(e -> e.getValue().equals(accountId))
                .map(e -> new ApiKeyInfo("key_" + e.getKey().substring(0, 8), "****", Instant.EPOCH,
                        Optional.empty())).toList();
    }

    @Override
    public boolean revoke(String accountId, String keyId) {
        return keyHashes.entrySet().removeIf(e -> e.getValue().equals(accountId)
                && ("key_" + e.getKey().substring(0, 8)).equals(keyId));
    }

    @Override
    public Optional<WebhookSecrets> webhookSecrets(String accountId) {
        return Optional.of(new WebhookSecrets("whsec_dGVzdA==", Optional.empty(), Optional.empty()));
    }

    @Override
    public WebhookSecrets rotateWebhookSecret(String accountId, String newSecret, Instant previousUntil) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<String> deliveryQueue(String accountId) {
        return Optional.empty();
    }

    @Override
    public void setDeliveryQueue(String accountId, String queueUrl) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<OwnedVoice> voices(String accountId) {
        return voices.values().stream().filter(v -> v.accountId().equals(accountId)).toList();
    }

    @Override
    public Optional<OwnedVoice> voice(String accountId, String voiceId) {
        store.calls.incrementAndGet();
        return Optional.ofNullable(voices.get(voiceId)).filter(v -> v.accountId().equals(accountId));
    }

    @Override
    public void forgetVoice(String accountId, String voiceId) {
        voices.remove(voiceId);
    }

    @Override
    public void releaseVoiceName(String accountId, String voiceNameKey, String requestId) {
        synchronized (store) {
            store.voiceNames.remove(accountId + "/" + voiceNameKey, requestId);
        }
    }

    @Override
    public void allowPrincipal(String accountId, String principal) {
        principals.put(principal, accountId);
    }

    @Override
    public synchronized Optional<IdempotencyRecord> claim(IdempotencyRecord proposed) {
        String key = proposed.accountId() + "/" + proposed.key();
        IdempotencyRecord existing = idempotency.get(key);
        if (existing != null) {
            return Optional.of(existing);
        }
        idempotency.put(key, proposed);
        return Optional.empty();
    }

    @Override
    public synchronized Optional<IdempotencyRecord> takeOver(IdempotencyRecord expired,
                                                             IdempotencyRecord replacement) {
        idempotency.put(expired.accountId() + "/" + expired.key(), replacement);
        return Optional.of(replacement);
    }

    @Override
    public synchronized void release(IdempotencyRecord claim) {
        idempotency.remove(claim.accountId() + "/" + claim.key());
    }

    @Override
    public synchronized void complete(IdempotencyRecord claim) {
        idempotency.put(claim.accountId() + "/" + claim.key(), new IdempotencyRecord(claim.accountId(), claim.key(),
                claim.bodyHash(), claim.requestId(), true, claim.lockedUntil(), claim.claimToken()));
    }

    /** The submit transaction marks the claim completed; the fake store does it here. */
    void completed(IdempotencyRecord claim) {
        complete(claim);
    }
}
