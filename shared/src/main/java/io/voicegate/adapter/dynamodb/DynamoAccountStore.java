package io.voicegate.adapter.dynamodb;

import io.voicegate.domain.ApiKeyInfo;
import io.voicegate.domain.IdempotencyRecord;
import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.Money;
import io.voicegate.domain.OwnedVoice;
import io.voicegate.domain.WebhookSecrets;
import io.voicegate.port.AccountStore;
import io.voicegate.port.IdempotencyStore;
import io.voicegate.port.StoreBusyException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.voicegate.adapter.dynamodb.Attr.n;
import static io.voicegate.adapter.dynamodb.Attr.s;

/** {@link AccountStore} and {@link IdempotencyStore} on the single-table {@code accounts} table. */
public class DynamoAccountStore implements AccountStore, IdempotencyStore {

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration idempotencyRetention;
    private final Clock clock;

    public DynamoAccountStore(DynamoDbClient dynamo, String table, Duration idempotencyRetention, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.idempotencyRetention = idempotencyRetention;
        this.clock = clock;
    }

    @Override
    public Optional<String> accountForKeyHash(String apiKeyHash) {
        return pointer(AccountItems.apiKeyKey(apiKeyHash));
    }

    @Override
    public Optional<String> accountForPrincipal(String principal) {
        return pointer(AccountItems.principalKey(principal));
    }

    private Optional<String> pointer(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(key)).item();
        return item == null || item.isEmpty() ? Optional.empty()
                : Attr.optionalString(item, AccountItems.ACCOUNT_ID);
    }

    @Override
    public Optional<AccountSnapshot> snapshot(String accountId, int ledgerLimit) {
        Map<String, AttributeValue> profile = dynamo.getItem(g -> g.tableName(table)
                .key(AccountItems.profileKey(accountId)).consistentRead(true)).item();
        if (profile == null || profile.isEmpty()) {
            return Optional.empty();
        }
        // The newest by the time they were written, as the statement orders them: the statement index, whose sort
        // key is that time (the table's sort key is the entry id, which orders operator entries above requests').
        List<LedgerEntry> entries = dynamo.query(q -> q.tableName(table).indexName(AccountItems.LISTING_INDEX)
                        .keyConditionExpression("#lpk = :lpk")
                        .expressionAttributeNames(Map.of("#lpk", AccountItems.LIST_PK))
                        .expressionAttributeValues(Map.of(":lpk", s(AccountItems.ledgerListPk(accountId))))
                        .scanIndexForward(false).limit(ledgerLimit))
                .items().stream().map(item -> AccountItems.ledgerEntry(accountId, item)).toList();
        return Optional.of(new AccountSnapshot(accountId, Money.ofMicros(Attr.number(profile, AccountItems.BALANCE)),
                Instant.ofEpochSecond(Attr.number(profile, AccountItems.CREATED_AT)), entries));
    }

    /**
     * {@inheritDoc}
     *
     * @throws StoreBusyException a conflicting transaction or throttling: nothing was written, retry
     */
    @Override
    public ApiKeyInfo create(String accountId, Money openingBalance, String apiKeyHash, String last4,
                             String webhookSecret, List<String> principals, Instant now) {
        String absent = "attribute_not_exists(" + AccountItems.PK + ")";
        Map<String, AttributeValue> keyRow = AccountItems.keyRow(accountId, apiKeyHash, last4, now);
        // Only a failed condition means "exists"; a conflict or throttling cancels too and is a StoreBusyException.
        Transaction transaction = new Transaction("opening of account " + accountId)
                .put(Put.builder().tableName(table).item(AccountItems.profile(accountId, openingBalance,
                        webhookSecret, now)).conditionExpression(absent).build(),
                        reason -> new AccountExistsException(accountId))
                .put(Put.builder().tableName(table).item(AccountItems.keyPointer(accountId, apiKeyHash, now))
                        .conditionExpression(absent).build(), reason -> new AccountExistsException(accountId))
                .put(Put.builder().tableName(table).item(keyRow).conditionExpression(absent).build(),
                        reason -> new AccountExistsException(accountId));
        // Its principals in the same transaction: a principal another account has opens nothing.
        for (String principal : principals) {
            transaction.put(Put.builder().tableName(table)
                            .item(AccountItems.pointer(AccountItems.principalKey(principal), accountId))
                            .conditionExpression(absent)
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build(),
                    reason -> new PrincipalTakenException(principal, owner(reason.item())));
        }
        transaction.commit(dynamo, AccountExistsException.class, PrincipalTakenException.class);
        return AccountItems.keyInfo(keyRow);
    }

    /** The account a principal pointer names, as a refused write returned it. */
    private static String owner(Map<String, AttributeValue> pointer) {
        return pointer != null && pointer.containsKey(AccountItems.ACCOUNT_ID)
                ? Attr.string(pointer, AccountItems.ACCOUNT_ID) : "another account";
    }

    @Override
    public Optional<WebhookSecrets> webhookSecrets(String accountId) {
        return profile(accountId).map(AccountItems::webhookSecrets);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Read, then one write conditional on the current secret being the one read (a concurrent rotation makes it
     * read again, up to three times).
     *
     * @throws StoreBusyException three concurrent rotations in a row: nothing was changed
     */
    @Override
    public WebhookSecrets rotateWebhookSecret(String accountId, String newSecret, Instant now, Instant previousUntil) {
        for (int attempt = 1; ; attempt++) {
            WebhookSecrets before = webhookSecrets(accountId)
                    .orElseThrow(() -> new IllegalStateException("no account " + accountId));
            WebhookSecrets after = before.rotated(newSecret, now, previousUntil);
            Map<String, String> names = new HashMap<>(Map.of("#current", AccountItems.WEBHOOK_SECRET));
            Map<String, AttributeValue> values = new HashMap<>(Map.of(":new", s(after.current()),
                    ":before", s(before.current())));
            StringBuilder set = new StringBuilder("SET #current = :new");
            List<String> removed = new ArrayList<>();
            for (int i = 0; i < AccountItems.REPLACED_SECRETS.size(); i++) {
                String secret = "#s" + i;
                String until = "#u" + i;
                names.put(secret, AccountItems.REPLACED_SECRETS.get(i).get(0));
                names.put(until, AccountItems.REPLACED_SECRETS.get(i).get(1));
                if (i < after.previous().size()) {
                    WebhookSecrets.Previous kept = after.previous().get(i);
                    set.append(", ").append(secret).append(" = :s").append(i).append(", ").append(until)
                            .append(" = :u").append(i);
                    values.put(":s" + i, s(kept.secret()));
                    values.put(":u" + i, n(kept.until().getEpochSecond()));
                } else {
                    removed.add(secret);
                    removed.add(until);
                }
            }
            String expression = set + (removed.isEmpty() ? "" : " REMOVE " + String.join(", ", removed));
            try {
                dynamo.updateItem(u -> u.tableName(table).key(AccountItems.profileKey(accountId))
                        .updateExpression(expression).conditionExpression("#current = :before")
                        .expressionAttributeNames(names).expressionAttributeValues(values));
                return after;
            } catch (ConditionalCheckFailedException e) {
                if (attempt == 3) {
                    throw new StoreBusyException("webhook secret of account " + accountId + " rotated concurrently", e);
                }
            }
        }
    }

    @Override
    public DeliverySettings deliverySettings(String accountId) {
        Optional<Map<String, AttributeValue>> profile = profile(accountId);
        return new DeliverySettings(profile.map(AccountItems::webhookSecrets),
                profile.flatMap(p -> Attr.optionalString(p, AccountItems.DELIVERY_QUEUE)));
    }

    @Override
    public Optional<String> deliveryQueue(String accountId) {
        return profile(accountId).flatMap(p -> Attr.optionalString(p, AccountItems.DELIVERY_QUEUE));
    }

    @Override
    public void setDeliveryQueue(String accountId, String queueUrl) {
        dynamo.updateItem(u -> u.tableName(table).key(AccountItems.profileKey(accountId))
                .updateExpression("SET #queue = :queue").conditionExpression("attribute_exists(#pk)")
                .expressionAttributeNames(Map.of("#queue", AccountItems.DELIVERY_QUEUE, "#pk", AccountItems.PK))
                .expressionAttributeValues(Map.of(":queue", s(queueUrl))));
    }

    @Override
    public List<OwnedVoice> voices(String accountId) {
        return dynamo.queryPaginator(q -> q.tableName(table)
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :voice)")
                        .expressionAttributeNames(Map.of("#pk", AccountItems.PK, "#sk", AccountItems.SK))
                        .expressionAttributeValues(Map.of(":pk", s(AccountItems.accountPk(accountId)),
                                ":voice", s(AccountItems.VOICE_PREFIX))))
                .items().stream().map(item -> AccountItems.voice(accountId, item)).toList();
    }

    @Override
    public Optional<OwnedVoice> voice(String accountId, String voiceId) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table)
                .key(AccountItems.voiceKey(accountId, voiceId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(AccountItems.voice(accountId, item));
    }

    @Override
    public void forgetVoice(String accountId, String voiceId) {
        dynamo.deleteItem(d -> d.tableName(table).key(AccountItems.voiceKey(accountId, voiceId)));
    }

    private Optional<Map<String, AttributeValue>> profile(String accountId) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table)
                .key(AccountItems.profileKey(accountId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    @Override
    public void releaseVoiceName(String accountId, String voiceNameKey, String requestId) {
        try {
            dynamo.deleteItem(d -> d.tableName(table).key(AccountItems.voiceNameKey(accountId, voiceNameKey))
                    .conditionExpression("#request = :request")
                    .expressionAttributeNames(Map.of("#request", AccountItems.REQUEST_ID))
                    .expressionAttributeValues(Map.of(":request", s(requestId))));
        } catch (ConditionalCheckFailedException e) {
            // Freed already, or another request holds the name now: theirs to keep.
        }
    }

    @Override
    public void allowPrincipal(String accountId, String principal) {
        try {
            // Conditional: the last writer must not take a principal over from the account that has it.
            dynamo.putItem(p -> p.tableName(table).item(AccountItems.pointer(AccountItems.principalKey(principal),
                            accountId))
                    .conditionExpression("attribute_not_exists(#pk) OR #account = :account")
                    .expressionAttributeNames(Map.of("#pk", AccountItems.PK, "#account", AccountItems.ACCOUNT_ID))
                    .expressionAttributeValues(Map.of(":account", s(accountId)))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        } catch (ConditionalCheckFailedException e) {
            throw new PrincipalTakenException(principal, owner(e.hasItem() ? e.item() : null));
        }
    }

    @Override
    public Optional<IdempotencyRecord> claim(IdempotencyRecord proposed) {
        Instant now = clock.instant();
        try {
            dynamo.putItem(p -> p.tableName(table)
                    .item(AccountItems.idempotency(proposed, now.plus(idempotencyRetention)))
                    // A record past its retention may linger until TTL deletes it; it no longer counts.
                    .conditionExpression("attribute_not_exists(#pk) OR #expires < :now")
                    .expressionAttributeNames(Map.of("#pk", AccountItems.PK, "#expires", AccountItems.EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Optional.empty();
        } catch (ConditionalCheckFailedException e) {
            return Optional.of(AccountItems.idempotency(proposed.key(), e.item()));
        }
    }

    @Override
    public Optional<IdempotencyRecord> takeOver(IdempotencyRecord expired, IdempotencyRecord replacement) {
        try {
            dynamo.putItem(p -> p.tableName(table)
                    .item(AccountItems.idempotency(replacement, clock.instant().plus(idempotencyRetention)))
                    .conditionExpression("#token = :token AND #completed = :false")
                    .expressionAttributeNames(Map.of("#token", AccountItems.CLAIM_TOKEN,
                            "#completed", AccountItems.COMPLETED))
                    .expressionAttributeValues(Map.of(":token", s(expired.claimToken()),
                            ":false", Attr.bool(false))));
            return Optional.of(replacement);
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public void release(IdempotencyRecord claim) {
        try {
            dynamo.deleteItem(d -> d.tableName(table).key(AccountItems.idempotencyKey(claim.accountId(), claim.key()))
                    .conditionExpression("#token = :token AND #completed = :false")
                    .expressionAttributeNames(Map.of("#token", AccountItems.CLAIM_TOKEN,
                            "#completed", AccountItems.COMPLETED))
                    .expressionAttributeValues(Map.of(":token", s(claim.claimToken()), ":false", Attr.bool(false))));
        } catch (ConditionalCheckFailedException e) {
            // Someone else owns the key now; theirs to finish.
        }
    }

    @Override
    public void complete(IdempotencyRecord claim) {
        try {
            dynamo.updateItem(u -> u.tableName(table).key(AccountItems.idempotencyKey(claim.accountId(), claim.key()))
                    .updateExpression("SET #completed = :true")
                    .conditionExpression("#token = :token")
                    .expressionAttributeNames(Map.of("#token", AccountItems.CLAIM_TOKEN,
                            "#completed", AccountItems.COMPLETED))
                    .expressionAttributeValues(Map.of(":token", s(claim.claimToken()), ":true", Attr.bool(true))));
        } catch (ConditionalCheckFailedException e) {
            // Already completed or taken over: either way the record no longer needs this attempt.
        }
    }
}
