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
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

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
        try {
            dynamo.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                            .key(AccountItems.profileKey(accountId))
                            .conditionExpression("attribute_exists(" + AccountItems.PK + ")").build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table)
                            .item(AccountItems.keyPointer(accountId, apiKeyHash, now))
                            .conditionExpression(absent).build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(row)
                            .conditionExpression(absent).build()).build()));
        } catch (TransactionCanceledException e) {
            if ("ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())) {
                throw new LedgerStore.AccountNotFoundException(accountId);
            }
            throw e;
        }
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
            dynamo.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                            .key(AccountItems.keyRowKey(accountId, keyId))
                            .conditionExpression("attribute_exists(" + AccountItems.PK + ")").build()).build(),
                    TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                            .key(AccountItems.apiKeyKey(hash)).build()).build()));
            return true;
        } catch (TransactionCanceledException e) {
            if ("ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())) {
                return false; // revoked by a concurrent call
            }
            throw e;
        }
    }
}
