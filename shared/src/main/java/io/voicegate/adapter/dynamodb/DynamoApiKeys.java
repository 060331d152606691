package io.voicegate.adapter.dynamodb;

import io.voicegate.domain.ApiKeyInfo;
import io.voicegate.port.ApiKeyStore;
import io.voicegate.port.LedgerStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.voicegate.adapter.dynamodb.Attr.s;

/**
 * {@link ApiKeyStore} on the accounts table: a pointer {@code APIKEY#{hash}} (what authentication reads) and the
 * account's row {@code KEY#{key_id}} (what listing and revoking read), written and deleted together.
 */
public class DynamoApiKeys implements ApiKeyStore {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoApiKeys(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<KeyOwner> owner(String apiKeyHash) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).consistentRead(true)
                .key(AccountItems.apiKeyKey(apiKeyHash))).item();
        if (item == null || item.isEmpty() || !item.containsKey(AccountItems.ACCOUNT_ID)) {
            return Optional.empty();
        }
        return Optional.of(new KeyOwner(Attr.string(item, AccountItems.ACCOUNT_ID), apiKeyHash,
                Attr.optionalString(item, AccountItems.KEY_ID),
                Attr.optionalString(item, AccountItems.LAST_USED_ON).map(LocalDate::parse)));
    }

    @Override
    public void markUsed(KeyOwner owner, LocalDate day) {
        mark(AccountItems.apiKeyKey(owner.apiKeyHash()), day);
        owner.keyId().ifPresent(keyId -> mark(AccountItems.keyRowKey(owner.accountId(), keyId), day));
    }

    private void mark(Map<String, AttributeValue> key, LocalDate day) {
        try {
            dynamo.updateItem(u -> u.tableName(table).key(key)
                    .updateExpression("SET #used = :day")
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#used", AccountItems.LAST_USED_ON, "#pk", AccountItems.PK))
                    .expressionAttributeValues(Map.of(":day", s(day.toString()))));
        } catch (ConditionalCheckFailedException e) {
            // revoked meanwhile: nothing to note
        }
    }

    @Override
    public ApiKeyInfo add(String accountId, String apiKeyHash, String last4, Instant now) {
        Map<String, AttributeValue> row = AccountItems.keyRow(accountId, apiKeyHash, last4, now);
        String absent = "attribute_not_exists(" + AccountItems.PK + ")";
        new Transaction("new key of account " + accountId)
                .check(ConditionCheck.builder().tableName(table).key(AccountItems.profileKey(accountId))
                                .conditionExpression("attribute_exists(" + AccountItems.PK + ")").build(),
                        reason -> new LedgerStore.AccountNotFoundException(accountId))
                // a key hash is a SHA-256 of 128 random bits: taken only if the same key were issued twice
                .put(Put.builder().tableName(table).item(AccountItems.keyPointer(accountId, apiKeyHash, now))
                        .conditionExpression(absent).build(), Transaction.unexpected("new key hash"))
                .put(Put.builder().tableName(table).item(row).conditionExpression(absent).build(),
                        Transaction.unexpected("new key id"))
                .commit(dynamo, LedgerStore.AccountNotFoundException.class);
        return AccountItems.keyInfo(row);
    }

    @Override
    public List<ApiKeyInfo> list(String accountId) {
        return dynamo.queryPaginator(q -> q.tableName(table).consistentRead(true)
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :key)")
                        .expressionAttributeNames(Map.of("#pk", AccountItems.PK, "#sk", AccountItems.SK))
                        .expressionAttributeValues(Map.of(":pk", s(AccountItems.accountPk(accountId)),
                                ":key", s(AccountItems.KEY_PREFIX))))
                .items().stream().map(AccountItems::keyInfo)
                .sorted(Comparator.comparing(ApiKeyInfo::createdAt).thenComparing(ApiKeyInfo::keyId)).toList();
    }

    @Override
    public boolean revoke(String accountId, String keyId) {
        Map<String, AttributeValue> row = dynamo.getItem(g -> g.tableName(table).consistentRead(true)
                .key(AccountItems.keyRowKey(accountId, keyId))).item();
        if (row == null || row.isEmpty()) {
            return false;
        }
        String hash = Attr.string(row, AccountItems.KEY_HASH);
        try {
            new Transaction("revocation of key " + keyId)
                    .delete(Delete.builder().tableName(table).key(AccountItems.keyRowKey(accountId, keyId))
                            .conditionExpression("attribute_exists(" + AccountItems.PK + ")").build(),
                            reason -> new AlreadyRevoked())
                    .delete(Delete.builder().tableName(table).key(AccountItems.apiKeyKey(hash)).build(),
                            Transaction.unexpected("none"))
                    .commit(dynamo);
            return true;
        } catch (AlreadyRevoked e) {
            return false; // revoked by a concurrent call
        }
    }

    /** A concurrent call revoked the key first: not an error, the answer of {@link #revoke}. */
    private static final class AlreadyRevoked extends RuntimeException {
        AlreadyRevoked() {
            super("already revoked", null, false, false);
        }
    }
}
