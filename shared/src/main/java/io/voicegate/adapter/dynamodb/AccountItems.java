package io.voicegate.adapter.dynamodb;

import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.IdempotencyRecord;
import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.LedgerEntryKind;
import io.voicegate.domain.Money;
import io.voicegate.domain.OwnedVoice;
import io.voicegate.domain.Voice;
import io.voicegate.domain.WebhookSecrets;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
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
    static final String PREVIOUS_WEBHOOK_SECRET = "previous_webhook_secret";
    static final String PREVIOUS_SECRET_UNTIL = "previous_secret_until";
    static final String DELIVERY_QUEUE = "delivery_queue_url";
    private static final String VOICE_ID = "voice_id";
    private static final String VOICE_NAME = "voice_name";
    private static final String TRIAL_URL = "trial_url";

    private static final String ENTRY_ID = "entry_id";
    static final String REQUEST_ID = "request_id";
    private static final String KIND = "kind";
    private static final String AMOUNT = "amount_micros";
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
        item.put(WEBHOOK_SECRET, s(webhookSecret));
        item.put(CREATED_AT, n(createdAt.getEpochSecond()));
        return item;
    }

    static WebhookSecrets webhookSecrets(Map<String, AttributeValue> profile) {
        return new WebhookSecrets(Attr.string(profile, WEBHOOK_SECRET),
                Attr.optionalString(profile, PREVIOUS_WEBHOOK_SECRET),
                profile.containsKey(PREVIOUS_SECRET_UNTIL)
                        ? Optional.of(Instant.ofEpochSecond(Attr.number(profile, PREVIOUS_SECRET_UNTIL)))
                        : Optional.empty());
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
        return item;
    }

    static LedgerEntry ledgerEntry(String accountId, Map<String, AttributeValue> item) {
        return new LedgerEntry(Attr.string(item, ENTRY_ID), accountId, Attr.string(item, REQUEST_ID),
                LedgerEntryKind.fromWire(Attr.string(item, KIND)), Money.ofMicros(Attr.number(item, AMOUNT)),
                Instant.ofEpochSecond(Attr.number(item, CREATED_AT)));
    }

    /** Keys are hashed so any client-chosen text (≤ 255 chars) makes a short, safe sort key. */
    static Map<String, AttributeValue> idempotencyKey(String accountId, String key) {
        return Map.of(PK, s(accountPk(accountId)), SK, s("IDEMPOTENCY#" + ApiKeys.sha256Hex(key)));
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
