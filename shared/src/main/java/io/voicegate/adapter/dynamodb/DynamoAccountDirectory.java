package io.voicegate.adapter.dynamodb;

import io.voicegate.domain.AccountIds;
import io.voicegate.domain.AccountProfile;
import io.voicegate.port.AccountDirectory;
import io.voicegate.port.RequestStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.voicegate.adapter.dynamodb.Attr.n;
import static io.voicegate.adapter.dynamodb.Attr.s;

/**
 * {@link AccountDirectory} on the accounts table: profiles by id, and every account through the sparse
 * {@code account_listing} index ({@code ACCOUNTS}, by account id).
 */
public class DynamoAccountDirectory implements AccountDirectory {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoAccountDirectory(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<AccountProfile> profile(String accountId) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).consistentRead(true)
                .key(AccountItems.profileKey(accountId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(AccountItems.accountProfile(item));
    }

    @Override
    public AccountPage list(int limit, Optional<String> cursor) {
        Map<String, AttributeValue> start = cursor.map(DynamoAccountDirectory::startKey).orElse(null);
        QueryResponse page = dynamo.query(q -> q.tableName(table).indexName(AccountItems.LISTING_INDEX)
                .keyConditionExpression("#lpk = :accounts")
                .expressionAttributeNames(Map.of("#lpk", AccountItems.LIST_PK))
                .expressionAttributeValues(Map.of(":accounts", s(AccountItems.ACCOUNTS_LIST)))
                .limit(limit + 1).exclusiveStartKey(start));
        // One more than the page is read, so a full last page has no cursor. The index does not carry the balance
        // (it changes with every request), so the profiles are read from the table.
        List<AccountProfile> all = BatchReads.items(dynamo, table, List.of(AccountItems.PK, AccountItems.SK),
                page.items()).stream().map(AccountItems::accountProfile).toList();
        boolean more = all.size() > limit;
        List<AccountProfile> accounts = more ? all.subList(0, limit) : all;
        return new AccountPage(accounts, more ? Optional.of(Base64.getUrlEncoder().withoutPadding().encodeToString(
                accounts.get(accounts.size() - 1).accountId().getBytes(StandardCharsets.UTF_8))) : Optional.empty());
    }

    private static Map<String, AttributeValue> startKey(String cursor) {
        try {
            String accountId = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!AccountIds.isWellFormed(accountId)) {
                throw new RequestStore.InvalidCursorException();
            }
            Map<String, AttributeValue> key = new HashMap<>(AccountItems.profileKey(accountId));
            key.put(AccountItems.LIST_PK, s(AccountItems.ACCOUNTS_LIST));
            key.put(AccountItems.LIST_SK, s(accountId));
            return key;
        } catch (IllegalArgumentException e) {
            throw new RequestStore.InvalidCursorException();
        }
    }

    @Override
    public Optional<AccountProfile> suspend(String accountId, String reason, Instant now) {
        return change(accountId, "SET #reason = :reason, #at = if_not_exists(#at, :now)",
                Map.of("#reason", AccountItems.SUSPENDED_REASON, "#at", AccountItems.SUSPENDED_AT,
                        "#pk", AccountItems.PK),
                Map.of(":reason", s(reason), ":now", n(now.getEpochSecond())));
    }

    @Override
    public Optional<AccountProfile> resume(String accountId) {
        return change(accountId, "REMOVE #reason, #at", Map.of("#reason", AccountItems.SUSPENDED_REASON,
                "#at", AccountItems.SUSPENDED_AT, "#pk", AccountItems.PK), Map.of());
    }

    private Optional<AccountProfile> change(String accountId, String update, Map<String, String> names,
                                            Map<String, AttributeValue> values) {
        try {
            Map<String, AttributeValue> after = dynamo.updateItem(u -> u.tableName(table)
                    .key(AccountItems.profileKey(accountId)).updateExpression(update)
                    .conditionExpression("attribute_exists(#pk)").expressionAttributeNames(names)
                    .expressionAttributeValues(values.isEmpty() ? null : values)
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(AccountItems.accountProfile(after));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }
}
