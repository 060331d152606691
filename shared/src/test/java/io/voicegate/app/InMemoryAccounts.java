package io.voicegate.app;

import io.voicegate.domain.AccountIds;
import io.voicegate.domain.AccountProfile;
import io.voicegate.domain.ApiKeyInfo;
import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.IdempotencyRecord;
import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.Money;
import io.voicegate.domain.OwnedVoice;
import io.voicegate.domain.StatementLine;
import io.voicegate.domain.WebhookSecrets;
import io.voicegate.port.AccountDirectory;
import io.voicegate.port.AccountStore;
import io.voicegate.port.ApiKeyStore;
import io.voicegate.port.IdempotencyStore;
import io.voicegate.port.LedgerStore;
import io.voicegate.port.RequestStore;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link AccountStore}, {@link ApiKeyStore}, {@link IdempotencyStore} and {@link AccountDirectory} in memory, with the
 * DynamoDB adapters' rules (held to them by the ports' contracts). Balances, ledger entries, suspensions and
 * voice-name claims live in the {@link InMemoryRequestStore}, as the adapters keep them in one table.
 */
public class InMemoryAccounts implements AccountStore, ApiKeyStore, IdempotencyStore, AccountDirectory {

    /** One API key: its owner and row as listed. */
    private record Key(String accountId, String hash, ApiKeyInfo info) {
    }

    private final InMemoryRequestStore store;
    private final Clock clock;
    private final Duration idempotencyRetention;
    /** Keys by hash (what authentication reads); revoked ones are removed. */
    private final Map<String, Key> keys = new LinkedHashMap<>();
    final Map<String, String> principals = new HashMap<>();
    /** Idempotency records by "{account}/{key}", with when each expires. */
    final Map<String, IdempotencyRecord> idempotency = new HashMap<>();
    private final Map<String, Instant> idempotencyExpiry = new HashMap<>();
    /** Owned voices by "{account}/{voice id}". */
    final Map<String, OwnedVoice> voices = new LinkedHashMap<>();
    private final Map<String, WebhookSecrets> secrets = new HashMap<>();
    private final Map<String, String> deliveryQueues = new HashMap<>();

    public InMemoryAccounts(InMemoryRequestStore store) {
        this(store, Clock.systemUTC(), Duration.ofHours(24));
    }

    /**
     * @param clock                when idempotency records expire, as the adapter's clock decides it
     * @param idempotencyRetention how long an idempotency record is kept
     */
    public InMemoryAccounts(InMemoryRequestStore store, Clock clock, Duration idempotencyRetention) {
        this.store = store;
        this.clock = clock;
        this.idempotencyRetention = idempotencyRetention;
        store.claims = this;
    }

    // ---- AccountStore

    @Override
    public Optional<String> accountForKeyHash(String apiKeyHash) {
        synchronized (store) {
            store.calls.incrementAndGet();
            return Optional.ofNullable(keys.get(apiKeyHash)).map(Key::accountId);
        }
    }

    @Override
    public Optional<String> accountForPrincipal(String principal) {
        synchronized (store) {
            return Optional.ofNullable(principals.get(principal));
        }
    }

    /** The latest entries by entry id, highest first, as the adapter reads them from the table's sort key. */
    @Override
    public Optional<AccountSnapshot> snapshot(String accountId, int ledgerLimit) {
        synchronized (store) {
            if (!store.balances.containsKey(accountId)) {
                return Optional.empty();
            }
            List<LedgerEntry> entries = new ArrayList<>(store.ledger.values().stream()
                    .filter(e -> e.accountId().equals(accountId)).toList());
            adjustments(accountId).stream()
                    .map(line -> new LedgerEntry(line.entryId(), accountId, line.reference().orElse(""), line.kind(),
                            line.amount(), line.createdAt()))
                    .forEach(entries::add);
            // newest first by the time written (milliseconds), then by entry id, as the statement orders them
            entries.sort(Comparator.comparing((LedgerEntry e) -> e.createdAt().toEpochMilli())
                    .thenComparing(LedgerEntry::entryId).reversed());
            return Optional.of(new AccountSnapshot(accountId, Money.ofMicros(store.balance(accountId)),
                    store.accountsCreatedAt.getOrDefault(accountId, Instant.EPOCH),
                    entries.subList(0, Math.min(ledgerLimit, entries.size())).stream()
                            .map(e -> new LedgerEntry(e.entryId(), accountId, e.requestId(), e.kind(), e.amount(),
                                    Instant.ofEpochSecond(e.createdAt().getEpochSecond()))).toList()));
        }
    }

    @Override
    public ApiKeyInfo create(String accountId, Money openingBalance, String apiKeyHash, String last4,
                             String webhookSecret, List<String> principals, Instant now) {
        synchronized (store) {
            if (store.balances.containsKey(accountId) || keys.containsKey(apiKeyHash)) {
                throw new AccountExistsException(accountId);
            }
            for (String principal : principals) {
                String owner = this.principals.get(principal);
                if (owner != null) {
                    throw new PrincipalTakenException(principal, owner);
                }
            }
            principals.forEach(principal -> this.principals.put(principal, accountId));
            store.balances.put(accountId, openingBalance.micros());
            store.openings.put(accountId, openingBalance.micros());
            store.accountsCreatedAt.put(accountId, Instant.ofEpochSecond(now.getEpochSecond()));
            secrets.put(accountId, WebhookSecrets.of(webhookSecret));
            return addKey(accountId, apiKeyHash, last4, now);
        }
    }

    private ApiKeyInfo addKey(String accountId, String apiKeyHash, String last4, Instant now) {
        ApiKeyInfo info = new ApiKeyInfo(ApiKeys.keyId(apiKeyHash), last4, Instant.ofEpochSecond(now.getEpochSecond()),
                Optional.empty());
        keys.put(apiKeyHash, new Key(accountId, apiKeyHash, info));
        return info;
    }

    @Override
    public Optional<WebhookSecrets> webhookSecrets(String accountId) {
        synchronized (store) {
            return Optional.ofNullable(secrets.get(accountId));
        }
    }

    @Override
    public WebhookSecrets rotateWebhookSecret(String accountId, String newSecret, Instant now, Instant previousUntil) {
        synchronized (store) {
            WebhookSecrets before = secrets.get(accountId);
            if (before == null) {
                throw new IllegalStateException("no account " + accountId);
            }
            // whole seconds, as the DynamoDB adapter keeps them
            WebhookSecrets after = before.rotated(newSecret, now, Instant.ofEpochSecond(previousUntil.getEpochSecond()));
            secrets.put(accountId, after);
            return after;
        }
    }

    @Override
    public Optional<String> deliveryQueue(String accountId) {
        synchronized (store) {
            return Optional.ofNullable(deliveryQueues.get(accountId));
        }
    }

    @Override
    public void setDeliveryQueue(String accountId, String queueUrl) {
        synchronized (store) {
            if (!store.balances.containsKey(accountId)) {
                throw new IllegalStateException("no account " + accountId);
            }
            deliveryQueues.put(accountId, queueUrl);
        }
    }

    @Override
    public List<OwnedVoice> voices(String accountId) {
        synchronized (store) {
            return voices.values().stream().filter(v -> v.accountId().equals(accountId))
                    .sorted(Comparator.comparing(v -> v.voice().voiceId())).toList();
        }
    }

    @Override
    public Optional<OwnedVoice> voice(String accountId, String voiceId) {
        synchronized (store) {
            store.calls.incrementAndGet();
            return Optional.ofNullable(voices.get(accountId + "/" + voiceId));
        }
    }

    @Override
    public void forgetVoice(String accountId, String voiceId) {
        synchronized (store) {
            voices.remove(accountId + "/" + voiceId);
        }
    }

    @Override
    public void releaseVoiceName(String accountId, String voiceNameKey, String requestId) {
        synchronized (store) {
            store.voiceNames.remove(accountId + "/" + voiceNameKey, requestId);
        }
    }

    @Override
    public void allowPrincipal(String accountId, String principal) {
        synchronized (store) {
            String owner = principals.putIfAbsent(principal, accountId);
            if (owner != null && !owner.equals(accountId)) {
                throw new PrincipalTakenException(principal, owner);
            }
        }
    }

    // ---- ApiKeyStore

    @Override
    public Optional<KeyOwner> owner(String apiKeyHash) {
        synchronized (store) {
            store.calls.incrementAndGet();
            return Optional.ofNullable(keys.get(apiKeyHash)).map(key -> new KeyOwner(key.accountId(), apiKeyHash,
                    Optional.of(key.info().keyId()), key.info().lastUsedOn()));
        }
    }

    @Override
    public void markUsed(KeyOwner owner, LocalDate day) {
        synchronized (store) {
            keys.computeIfPresent(owner.apiKeyHash(), (hash, key) -> new Key(key.accountId(), hash,
                    new ApiKeyInfo(key.info().keyId(), key.info().last4(), key.info().createdAt(), Optional.of(day))));
        }
    }

    @Override
    public ApiKeyInfo add(String accountId, String apiKeyHash, String last4, Instant now) {
        synchronized (store) {
            if (!store.balances.containsKey(accountId)) {
                throw new LedgerStore.AccountNotFoundException(accountId);
            }
            if (keys.containsKey(apiKeyHash)) {
                throw new IllegalStateException("condition failed: new key hash");
            }
            return addKey(accountId, apiKeyHash, last4, now);
        }
    }

    /** Oldest first, then by key id. */
    @Override
    public List<ApiKeyInfo> list(String accountId) {
        synchronized (store) {
            return keys.values().stream().filter(k -> k.accountId().equals(accountId)).map(Key::info)
                    .sorted(Comparator.comparing(ApiKeyInfo::createdAt).thenComparing(ApiKeyInfo::keyId)).toList();
        }
    }

    @Override
    public boolean revoke(String accountId, String keyId) {
        synchronized (store) {
            return keys.values().removeIf(k -> k.accountId().equals(accountId) && k.info().keyId().equals(keyId));
        }
    }

    // ---- IdempotencyStore

    @Override
    public Optional<IdempotencyRecord> claim(IdempotencyRecord proposed) {
        synchronized (store) {
            String key = proposed.accountId() + "/" + proposed.key();
            Instant now = clock.instant();
            IdempotencyRecord existing = idempotency.get(key);
            // a record past its retention no longer counts, as if its TTL had deleted it
            if (existing != null && !idempotencyExpiry.get(key).isBefore(Instant.ofEpochSecond(now.getEpochSecond()))) {
                return Optional.of(existing);
            }
            put(key, proposed, now);
            return Optional.empty();
        }
    }

    private void put(String key, IdempotencyRecord record, Instant now) {
        idempotency.put(key, new IdempotencyRecord(record.accountId(), record.key(), record.bodyHash(),
                record.requestId(), record.completed(), Instant.ofEpochMilli(record.lockedUntil().toEpochMilli()),
                record.claimToken()));
        idempotencyExpiry.put(key, Instant.ofEpochSecond(now.plus(idempotencyRetention).getEpochSecond()));
    }

    @Override
    public Optional<IdempotencyRecord> takeOver(IdempotencyRecord expired, IdempotencyRecord replacement) {
        synchronized (store) {
            String key = expired.accountId() + "/" + expired.key();
            IdempotencyRecord current = idempotency.get(key);
            if (current == null || !current.claimToken().equals(expired.claimToken()) || current.completed()) {
                return Optional.empty();
            }
            put(key, replacement, clock.instant());
            return Optional.of(replacement);
        }
    }

    @Override
    public void release(IdempotencyRecord claim) {
        synchronized (store) {
            String key = claim.accountId() + "/" + claim.key();
            IdempotencyRecord current = idempotency.get(key);
            if (current != null && current.claimToken().equals(claim.claimToken()) && !current.completed()) {
                idempotency.remove(key);
                idempotencyExpiry.remove(key);
            }
        }
    }

    @Override
    public void complete(IdempotencyRecord claim) {
        synchronized (store) {
            String key = claim.accountId() + "/" + claim.key();
            IdempotencyRecord current = idempotency.get(key);
            if (current != null && current.claimToken().equals(claim.claimToken())) {
                idempotency.put(key, new IdempotencyRecord(current.accountId(), current.key(), current.bodyHash(),
                        current.requestId(), true, current.lockedUntil(), current.claimToken()));
            }
        }
    }

    /** Whether {@code claim} is still the record of its key: what the submit transaction's condition checks. */
    boolean holds(IdempotencyRecord claim) {
        IdempotencyRecord current = idempotency.get(claim.accountId() + "/" + claim.key());
        return current != null && current.claimToken().equals(claim.claimToken());
    }

    // ---- AccountDirectory

    @Override
    public Optional<AccountProfile> profile(String accountId) {
        synchronized (store) {
            if (!store.balances.containsKey(accountId)) {
                return Optional.empty();
            }
            Optional<Map.Entry<String, Instant>> suspension = Optional.ofNullable(store.suspended.get(accountId));
            return Optional.of(new AccountProfile(accountId, Money.ofMicros(store.balance(accountId)),
                    suspension.map(Map.Entry::getKey), suspension.map(Map.Entry::getValue),
                    store.accountsCreatedAt.getOrDefault(accountId, Instant.EPOCH)));
        }
    }

    /** By account id (UTF-8 byte order, as the adapter's index sorts strings). */
    @Override
    public AccountPage list(int limit, Optional<String> cursor) {
        synchronized (store) {
            Optional<String> after = cursor.map(InMemoryAccounts::decodeCursor);
            List<String> ids = store.balances.keySet().stream()
                    .sorted(Comparator.comparing(id -> new String(id.getBytes(StandardCharsets.UTF_8),
                            StandardCharsets.ISO_8859_1)))
                    .filter(id -> after.isEmpty() || byteOrder(id, after.get()) > 0)
                    .limit(limit + 1L).toList();
            List<AccountProfile> page = ids.subList(0, Math.min(limit, ids.size())).stream()
                    .map(id -> profile(id).orElseThrow()).toList();
            return new AccountPage(page, ids.size() > limit ? Optional.of(Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(page.get(page.size() - 1).accountId().getBytes(StandardCharsets.UTF_8)))
                    : Optional.empty());
        }
    }

    private static int byteOrder(String a, String b) {
        return new String(a.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)
                .compareTo(new String(b.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }

    private static String decodeCursor(String cursor) {
        try {
            String accountId = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!AccountIds.isWellFormed(accountId)) {
                throw new RequestStore.InvalidCursorException();
            }
            return accountId;
        } catch (IllegalArgumentException e) {
            throw new RequestStore.InvalidCursorException();
        }
    }

    @Override
    public Optional<AccountProfile> suspend(String accountId, String reason, Instant now) {
        synchronized (store) {
            if (!store.balances.containsKey(accountId)) {
                return Optional.empty();
            }
            Instant since = Optional.ofNullable(store.suspended.get(accountId)).map(Map.Entry::getValue)
                    .orElse(Instant.ofEpochSecond(now.getEpochSecond()));
            store.suspended.put(accountId, Map.entry(reason, since));
            return profile(accountId);
        }
    }

    @Override
    public Optional<AccountProfile> resume(String accountId) {
        synchronized (store) {
            if (!store.balances.containsKey(accountId)) {
                return Optional.empty();
            }
            store.suspended.remove(accountId);
            return profile(accountId);
        }
    }

    /** The operator credits and debits of the account, as statement lines without balances. */
    List<StatementLine> adjustments(String accountId) {
        synchronized (store) {
            return store.adjustments.entrySet().stream().filter(e -> e.getKey().startsWith(accountId + "/"))
                    .map(Map.Entry::getValue).toList();
        }
    }
}
