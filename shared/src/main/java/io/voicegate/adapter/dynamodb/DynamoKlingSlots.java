package io.voicegate.adapter.dynamodb;

import io.voicegate.port.KlingSlots;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.voicegate.adapter.dynamodb.Attr.n;
import static io.voicegate.adapter.dynamodb.Attr.s;

/**
 * {@link KlingSlots} as one item of the {@code accounts} table ({@code pk} {@code KLING}, {@code sk} {@code SLOTS}):
 * a map {@code holders} of request → epoch second its lease started. Every acquisition is one conditional
 * {@code UpdateItem} whose condition counts the map ({@code size(holders) < :limit}, the API reference's "Comparison
 * operator and function reference"), so concurrent workers never hold more than the limit; a refused one returns the
 * map as it was ({@code ReturnValuesOnConditionCheckFailure ALL_OLD}) at no extra call. The very first acquisition
 * of a deployment finds no item and creates it, holding its lease (one conditional {@code PutItem} more, once). A
 * release is one {@code REMOVE}. A request id that is a UUID is kept as its 16 bytes in base64url (22 characters), so 25 leases weigh
 * about 0.75 KB and each write costs 1 WCU (write units grow by one about every 34 slots).
 */
public class DynamoKlingSlots implements KlingSlots {

    static final String PARTITION = "KLING";
    static final String SORT = "SLOTS";
    static final String HOLDERS = "holders";
    private static final String OTHER_ID = "~";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoKlingSlots(DynamoDbClient dynamo, String accountsTable) {
        this.dynamo = dynamo;
        this.table = accountsTable;
    }

    private static Map<String, AttributeValue> key() {
        return Map.of(AccountItems.PK, s(PARTITION), AccountItems.SK, s(SORT));
    }

    @Override
    public Grant acquire(String requestId, Instant now, int limit, Optional<Lease> evict) {
        String holder = holderKey(requestId);
        Map<String, String> names = new HashMap<>(Map.of("#h", HOLDERS, "#r", holder));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":now", n(now.getEpochSecond()),
                ":limit", n(limit)));
        UpdateItemRequest.Builder update = UpdateItemRequest.builder().tableName(table).key(key())
                .returnValues(ReturnValue.UPDATED_OLD)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        if (evict.isEmpty()) {
            update.updateExpression("SET #h.#r = if_not_exists(#h.#r, :now)")
                    .conditionExpression("attribute_exists(#h.#r) OR size(#h) < :limit");
        } else {
            names.put("#old", holderKey(evict.get().requestId()));
            values.put(":since", n(evict.get().since().getEpochSecond()));
            update.updateExpression("REMOVE #h.#old SET #h.#r = :now")
                    .conditionExpression("attribute_not_exists(#h.#r) AND #h.#old = :since AND size(#h) <= :limit");
        }
        UpdateItemRequest request = update.expressionAttributeNames(names).expressionAttributeValues(values).build();
        try {
            Map<String, AttributeValue> before = dynamo.updateItem(request).attributes();
            Optional<Instant> held = sinceOf(before, holder);
            return new Granted(held.orElse(Instant.ofEpochSecond(now.getEpochSecond())), held.isPresent());
        } catch (ConditionalCheckFailedException e) {
            if (!e.hasItem() || e.item().isEmpty()) {
                return evict.isPresent() ? new Refused(List.of()) : firstLease(holder, now, limit);
            }
            if (!e.item().containsKey(HOLDERS)) {
                restoreHolders();
            }
            return new Refused(leases(e.item()));
        }
    }

    /** An item without its map (not one this adapter wrote): given an empty one, so acquisitions work again. */
    private void restoreHolders() {
        dynamo.updateItem(u -> u.tableName(table).key(key())
                .updateExpression("SET #h = if_not_exists(#h, :empty)")
                .expressionAttributeNames(Map.of("#h", HOLDERS))
                .expressionAttributeValues(Map.of(":empty", AttributeValue.fromM(Map.of()))));
    }

    /**
     * Creates the pool holding this one lease, unless a racing worker created it first: then the acquisition is made
     * again on the pool it made.
     */
    private Grant firstLease(String holder, Instant now, int limit) {
        Instant since = Instant.ofEpochSecond(now.getEpochSecond());
        try {
            dynamo.putItem(p -> p.tableName(table)
                    .item(Map.of(AccountItems.PK, s(PARTITION), AccountItems.SK, s(SORT),
                            HOLDERS, AttributeValue.fromM(Map.of(holder, n(since.getEpochSecond())))))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", AccountItems.PK)));
            return new Granted(since, false);
        } catch (ConditionalCheckFailedException e) {
            return acquire(requestId(holder), now, limit, Optional.empty());
        }
    }

    @Override
    public List<Lease> leases() {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(key()).consistentRead(true))
                .item();
        return item == null ? List.of() : leases(item);
    }

    @Override
    public void release(String requestId) {
        try {
            dynamo.updateItem(u -> u.tableName(table).key(key())
                    .updateExpression("REMOVE #h.#r")
                    .conditionExpression("attribute_exists(#h)")
                    .expressionAttributeNames(Map.of("#h", HOLDERS, "#r", holderKey(requestId))));
        } catch (ConditionalCheckFailedException e) {
            // no pool yet: nothing is held
        }
    }

    private static List<Lease> leases(Map<String, AttributeValue> item) {
        AttributeValue holders = item.get(HOLDERS);
        List<Lease> leases = new ArrayList<>();
        if (holders != null && holders.hasM()) {
            holders.m().forEach((holder, since) -> leases.add(new Lease(requestId(holder),
                    Instant.ofEpochSecond(Long.parseLong(since.n())))));
        }
        return leases;
    }

    private static Optional<Instant> sinceOf(Map<String, AttributeValue> attributes, String holder) {
        AttributeValue holders = attributes == null ? null : attributes.get(HOLDERS);
        if (holders == null || !holders.hasM() || !holders.m().containsKey(holder)) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochSecond(Long.parseLong(holders.m().get(holder).n())));
    }

    /** A UUID as its 16 bytes in base64url (22 characters); any other id as itself after a {@code ~}. */
    static String holderKey(String requestId) {
        try {
            UUID uuid = UUID.fromString(requestId);
            if (uuid.toString().equals(requestId)) {
                ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                        .putLong(uuid.getLeastSignificantBits());
                return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
            }
        } catch (IllegalArgumentException e) {
            // not a UUID: kept as it is
        }
        return OTHER_ID + requestId;
    }

    static String requestId(String holderKey) {
        if (holderKey.startsWith(OTHER_ID)) {
            return holderKey.substring(OTHER_ID.length());
        }
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getUrlDecoder().decode(holderKey));
        return new UUID(bytes.getLong(), bytes.getLong()).toString();
    }
}
