package io.voicegate.adapter.dynamodb;

import io.voicegate.domain.AccountProfile;
import io.voicegate.domain.Adjustment;
import io.voicegate.domain.ApiKeyInfo;
import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.Hashes;
import io.voicegate.domain.IdempotencyRecord;
import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.LedgerEntryKind;
import io.voicegate.domain.Money;
import io.voicegate.domain.OwnedVoice;
import io.voicegate.domain.StatementLine;
import io.voicegate.domain.Voice;
import io.voicegate.domain.WebhookSecrets;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.voicegate.adapter.dynamodb.Attr.n;
import static io.voicegate.adapter.dynamodb.Attr.s;

/**
 * The one mapping for the single-table {@code accounts} table ({@code pk}/{@code sk}): account profiles with the
 * balance, ledger entries, API-key hashes, SQS principals and idempotency keys. Key shapes and attribute names live
 * here.
 */
final class AccountItems {

    static final String PK = "pk";
    static final String SK = "sk";
    static final String ACCOUNT_ID = "account_id";
    static final String BALANCE = "balance_micros";
    static final String CREATED_AT = "created_at";
    static final String PROFILE = "PROFILE";
    static final String LEDGER_PREFIX = "LEDGER#";
    static final String VOICE_PREFIX = "VOICE#";
    static final String VOICE_NAME_PREFIX = "VOICENAME#";
    static final String WEBHOOK_SECRET = "webhook_secret";
    /** The balance an account was opened with (µUSD), never changed after. */
    static final String OPENING_BALANCE = "opening_balance_micros";
    static final String PREVIOUS_WEBHOOK_SECRET = "previous_webhook_secret";
    static final String PREVIOUS_SECRET_UNTIL = "previous_secret_until";
    /** The replaced webhook secret before the previous one, while it is kept ({@link WebhookSecrets#KEPT}). */
    static final String OLDER_WEBHOOK_SECRET = "older_webhook_secret";
    static final String OLDER_SECRET_UNTIL = "older_secret_until";
    /**
     * Where the replaced webhook secrets are kept, most recent first: each a secret attribute and its until
     * attribute, one pair for each of {@link WebhookSecrets#KEPT}.
     */
    static final List<List<String>> REPLACED_SECRETS = List.of(List.of(PREVIOUS_WEBHOOK_SECRET, PREVIOUS_SECRET_UNTIL),
            List.of(OLDER_WEBHOOK_SECRET, OLDER_SECRET_UNTIL));
    static final String DELIVERY_QUEUE = "delivery_queue_url";
    static final String SUSPENDED_REASON = "suspended_reason";
    static final String SUSPENDED_AT = "suspended_at";
    /**
     * The sparse {@code account_listing} index: every account under one key, and each account's ledger by write time.
     * It carries what a statement line shows, never the balance, so a balance change writes nothing to it.
     */
    static final String LISTING_INDEX = "account_listing";
    static final String LIST_PK = "list_pk";
    static final String LIST_SK = "list_sk";
    static final String ACCOUNTS_LIST = "ACCOUNTS";
    static final String KEY_PREFIX = "KEY#";
    static final String KEY_ID = "key_id";
    static final String KEY_HASH = "key_hash";
    static final String LAST4 = "last4";
    static final String LAST_USED_ON = "last_used_on";
    static final String REFERENCE = "reference";
    static final String NOTE = "note";
    private static final String VOICE_ID = "voice_id";
    private static final String VOICE_NAME = "voice_name";
    private static final String TRIAL_URL = "trial_url";

    static final String ENTRY_ID = "entry_id";
    static final String REQUEST_ID = "request_id";
    static final String KIND = "kind";
    static final String AMOUNT = "amount_micros";
    static final String BODY_HASH = "body_hash";
    static final String COMPLETED = "completed";
    static final String LOCKED_UNTIL = "locked_until_ms";
    static final String CLAIM_TOKEN = "claim_token";
    /** The table's TTL attribute (epoch seconds). */
    static final String EXPIRES_AT = "expires_at";

    private AccountItems() {
    }

    static String accountPk(String accountId) {
        return "ACCOUNT#" + accountId;
    }

    static Map<String, AttributeValue> profileKey(String accountId) {
        return Map.of(PK, s(accountPk(accountId)), SK, s(PROFILE));
    }

    static Map<String, AttributeValue> profile(String accountId, Money balance, String webhookSecret,
                                               Instant createdAt) {
        Map<String, AttributeValue> item = new HashMap<>(profileKey(accountId));
        item.put(ACCOUNT_ID, s(accountId));
        item.put(BALANCE, n(balance.micros()));
        // kept as it was, so a statement can show the balance its lines add up from (no ledger entry holds it)
        item.put(OPENING_BALANCE, n(balance.micros()));
        item.put(WEBHOOK_SECRET, s(webhookSecret));
        item.put(CREATED_AT, n(createdAt.getEpochSecond()));
        item.put(LIST_PK, s(ACCOUNTS_LIST));
        item.put(LIST_SK, s(accountId));
        return item;
    }

    static AccountProfile accountProfile(Map<String, AttributeValue> profile) {
        return new AccountProfile(Attr.string(profile, ACCOUNT_ID), Money.ofMicros(Attr.number(profile, BALANCE)),
                Attr.optionalString(profile, SUSPENDED_REASON),
                profile.containsKey(SUSPENDED_AT) ? Optional.of(Instant.ofEpochSecond(Attr.number(profile,
                        SUSPENDED_AT))) : Optional.empty(),
                Instant.ofEpochSecond(Attr.number(profile, CREATED_AT)));
    }

    static String ledgerListPk(String accountId) {
        return "LEDGER#" + accountId;
    }

    /** Sorts a ledger entry by the time it was written (milliseconds, zero-padded), then by its id. */
    static String ledgerAt(Instant writtenAt, String entryId) {
        return String.format("%015d#%s", writtenAt.toEpochMilli(), entryId);
    }

    static Map<String, AttributeValue> ledgerKey(String accountId, String entryId) {
        return Map.of(PK, s(accountPk(accountId)), SK, s(LEDGER_PREFIX + entryId));
    }

    /** An operator's credit or debit, as a ledger entry with its reference and note. */
    static Map<String, AttributeValue> adjustment(Adjustment adjustment) {
        Map<String, AttributeValue> item = new HashMap<>(ledgerKey(adjustment.accountId(), adjustment.entryId()));
        item.put(ENTRY_ID, s(adjustment.entryId()));
        item.put(REFERENCE, s(adjustment.reference()));
        adjustment.note().ifPresent(note -> item.put(NOTE, s(note)));
        item.put(KIND, s(adjustment.kind().wireName()));
        item.put(AMOUNT, n(adjustment.balanceChange().micros()));
        item.put(CREATED_AT, n(adjustment.createdAt().getEpochSecond()));
        item.put(LIST_PK, s(ledgerListPk(adjustment.accountId())));
        item.put(LIST_SK, s(ledgerAt(adjustment.createdAt(), adjustment.entryId())));
        return item;
    }

    static StatementLine statementLine(Map<String, AttributeValue> item, Optional<Money> balanceAfter) {
        return new StatementLine(Attr.string(item, ENTRY_ID), LedgerEntryKind.fromWire(Attr.string(item, KIND)),
                Money.ofMicros(Attr.number(item, AMOUNT)), balanceAfter, Attr.optionalString(item, REQUEST_ID),
                Attr.optionalString(item, REFERENCE), Attr.optionalString(item, NOTE),
                Instant.ofEpochSecond(Attr.number(item, CREATED_AT)));
    }

    static Map<String, AttributeValue> keyRowKey(String accountId, String keyId) {
        return Map.of(PK, s(accountPk(accountId)), SK, s(KEY_PREFIX + keyId));
    }

    /** The account's own row of a key (for listing and revoking), beside the hash pointer that authenticates. */
    static Map<String, AttributeValue> keyRow(String accountId, String apiKeyHash, String last4, Instant createdAt) {
        String keyId = ApiKeys.keyId(apiKeyHash);
        Map<String, AttributeValue> item = new HashMap<>(keyRowKey(accountId, keyId));
        item.put(KEY_ID, s(keyId));
        item.put(KEY_HASH, s(apiKeyHash));
        item.put(LAST4, s(last4));
        item.put(CREATED_AT, n(createdAt.getEpochSecond()));
        return item;
    }

    static Map<String, AttributeValue> keyPointer(String accountId, String apiKeyHash, Instant createdAt) {
        Map<String, AttributeValue> item = new HashMap<>(pointer(apiKeyKey(apiKeyHash), accountId));
        item.put(KEY_ID, s(ApiKeys.keyId(apiKeyHash)));
        item.put(CREATED_AT, n(createdAt.getEpochSecond()));
        return item;
    }

    static ApiKeyInfo keyInfo(Map<String, AttributeValue> row) {
        return new ApiKeyInfo(Attr.string(row, KEY_ID), Attr.string(row, LAST4),
                Instant.ofEpochSecond(Attr.number(row, CREATED_AT)),
                Attr.optionalString(row, LAST_USED_ON).map(LocalDate::parse));
    }

    /** The profile's webhook secrets: the current one, then the previous and the older one when kept. */
    static WebhookSecrets webhookSecrets(Map<String, AttributeValue> profile) {
        List<WebhookSecrets.Previous> previous = new ArrayList<>();
        for (List<String> names : REPLACED_SECRETS) {
            if (profile.containsKey(names.get(0)) && profile.containsKey(names.get(1))) {
                previous.add(new WebhookSecrets.Previous(Attr.string(profile, names.get(0)),
                        Instant.ofEpochSecond(Attr.number(profile, names.get(1)))));
            }
        }
        return new WebhookSecrets(Attr.string(profile, WEBHOOK_SECRET), previous);
    }

    static Map<String, AttributeValue> voiceKey(String accountId, String voiceId) {
        return Map.of(PK, s(accountPk(accountId)), SK, s(VOICE_PREFIX + voiceId));
    }

    static Map<String, AttributeValue> voice(OwnedVoice owned) {
        Map<String, AttributeValue> item = new HashMap<>(voiceKey(owned.accountId(), owned.voice().voiceId()));
        item.put(VOICE_ID, s(owned.voice().voiceId()));
        item.put(VOICE_NAME, s(owned.voice().voiceName()));
        item.put(TRIAL_URL, s(owned.voice().trialUrl()));
        item.put(REQUEST_ID, s(owned.requestId()));
        item.put(CREATED_AT, n(owned.createdAt().getEpochSecond()));
        return item;
    }

    static OwnedVoice voice(String accountId, Map<String, AttributeValue> item) {
        return new OwnedVoice(accountId, new Voice(Attr.string(item, VOICE_ID), Attr.string(item, VOICE_NAME),
                Attr.string(item, TRIAL_URL)), Attr.string(item, REQUEST_ID),
                Instant.ofEpochSecond(Attr.number(item, CREATED_AT)));
    }

    /** A voice name's claim in its account: which request holds it ({@code VOICENAME#} + the NFC name). */
    static Map<String, AttributeValue> voiceNameKey(String accountId, String voiceNameKey) {
        return Map.of(PK, s(accountPk(accountId)), SK, s(VOICE_NAME_PREFIX + voiceNameKey));
    }

    static Map<String, AttributeValue> voiceNameClaim(String accountId, String voiceNameKey, String requestId,
                                                      Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(voiceNameKey(accountId, voiceNameKey));
        item.put(REQUEST_ID, s(requestId));
        item.put(CREATED_AT, n(now.getEpochSecond()));
        return item;
    }

    static Map<String, AttributeValue> apiKeyKey(String apiKeyHash) {
        return Map.of(PK, s("APIKEY#" + apiKeyHash), SK, s("APIKEY"));
    }

    static Map<String, AttributeValue> principalKey(String principal) {
        return Map.of(PK, s("PRINCIPAL#" + principal), SK, s("PRINCIPAL"));
    }

    static Map<String, AttributeValue> pointer(Map<String, AttributeValue> key, String accountId) {
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put(ACCOUNT_ID, s(accountId));
        return item;
    }

    static Map<String, AttributeValue> ledgerEntry(LedgerEntry entry) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(accountPk(entry.accountId())));
        item.put(SK, s(LEDGER_PREFIX + entry.entryId()));
        item.put(ENTRY_ID, s(entry.entryId()));
        item.put(REQUEST_ID, s(entry.requestId()));
        item.put(KIND, s(entry.kind().wireName()));
        item.put(AMOUNT, n(entry.amount().micros()));
        item.put(CREATED_AT, n(entry.createdAt().getEpochSecond()));
        item.put(LIST_PK, s(ledgerListPk(entry.accountId())));
        item.put(LIST_SK, s(ledgerAt(entry.createdAt(), entry.entryId())));
        return item;
    }

    /** An operator's entry has no request: its reference stands in the request id's place. */
    static LedgerEntry ledgerEntry(String accountId, Map<String, AttributeValue> item) {
        return new LedgerEntry(Attr.string(item, ENTRY_ID), accountId, Attr.optionalString(item, REQUEST_ID)
                .or(() -> Attr.optionalString(item, REFERENCE)).orElse(""),
                LedgerEntryKind.fromWire(Attr.string(item, KIND)), Money.ofMicros(Attr.number(item, AMOUNT)),
                Instant.ofEpochSecond(Attr.number(item, CREATED_AT)));
    }

    /** Keys are hashed so any client-chosen text (≤ 255 chars) makes a short, safe sort key. */
    static Map<String, AttributeValue> idempotencyKey(String accountId, String key) {
        return Map.of(PK, s(accountPk(accountId)), SK, s("IDEMPOTENCY#" + Hashes.sha256Hex(key)));
    }

    static Map<String, AttributeValue> idempotency(IdempotencyRecord record, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>(idempotencyKey(record.accountId(), record.key()));
        item.put(ACCOUNT_ID, s(record.accountId()));
        item.put(BODY_HASH, s(record.bodyHash()));
        item.put(REQUEST_ID, s(record.requestId()));
        item.put(COMPLETED, Attr.bool(record.completed()));
        item.put(LOCKED_UNTIL, n(record.lockedUntil().toEpochMilli()));
        item.put(CLAIM_TOKEN, s(record.claimToken()));
        item.put(EXPIRES_AT, n(expiresAt.getEpochSecond()));
        return item;
    }

    static IdempotencyRecord idempotency(String key, Map<String, AttributeValue> item) {
        return new IdempotencyRecord(Attr.string(item, ACCOUNT_ID), key, Attr.string(item, BODY_HASH),
                Attr.string(item, REQUEST_ID), Attr.bool(item, COMPLETED),
                Instant.ofEpochMilli(Attr.number(item, LOCKED_UNTIL)), Attr.string(item, CLAIM_TOKEN));
    }
}
