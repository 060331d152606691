package io.voicegate.ddbengine.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.util.List;
import java.util.Map;

import static io.voicegate.ddbengine.conformance.Ddb.*;
import static io.voicegate.ddbengine.conformance.TransactionConformanceTest.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * ReturnConsumedCapacity: developer guide "DynamoDB read and write operations" (read-write-operations.html, capacity
 * unit consumption), "DynamoDB item sizes and formats" (CapacityUnitCalculations.html), "Provisioned throughput
 * considerations for global secondary indexes" (GSI.html#GSI.ThroughputConsiderations). Expected values are computed
 * from those rules, not hard-coded.
 */
@ExtendWith(EngineExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsumedCapacityConformanceTest {

    /** "1 KB = 1024 bytes" (Constraints.html). */
    private static final int KB = 1024;
    /** One write unit covers an item up to 1 KB. */
    private static final int WRITE_UNIT_BYTES = KB;
    /** One (strongly consistent) read unit covers an item up to 4 KB. */
    private static final int READ_UNIT_BYTES = 4 * KB;

    private DynamoDbClient ddb;
    private String table;
    private String indexed;

    @BeforeAll
    void setUp(DynamoDbClient ddb) {
        this.ddb = ddb;
        table = uniqueName("cap");
        createSimpleTable(ddb, table);
        indexed = uniqueName("cap-gsi");
        createTable(ddb, indexed, "pk", ScalarAttributeType.S, null, null, b -> b
                .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("g", ScalarAttributeType.S))
                .globalSecondaryIndexes(gsi("all", "g", null, projection(ProjectionType.ALL)),
                        gsi("keys", "g", null, projection(ProjectionType.KEYS_ONLY))));
    }

    private static double writeUnits(int itemBytes) {
        return Math.ceil((double) itemBytes / WRITE_UNIT_BYTES);
    }

    private static double strongReadUnits(int itemBytes) {
        return Math.ceil((double) itemBytes / READ_UNIT_BYTES);
    }

    /** An item {pk, data} of exactly {@code totalBytes} by the "Item sizes and formats" rule for strings. */
    private static Map<String, AttributeValue> itemOfSize(String pk, int totalBytes, Object... extra) {
        Map<String, AttributeValue> extraAttrs = item(extra);
        int extraBytes = extraAttrs.entrySet().stream().mapToInt(e -> utf8(e.getKey()) + utf8(e.getValue().s())).sum();
        int dataLength = totalBytes - utf8("pk") - utf8(pk) - utf8("data") - extraBytes;
        Map<String, AttributeValue> it = new java.util.LinkedHashMap<>(item("pk", s(pk), "data", s(repeat('d', dataLength))));
        it.putAll(extraAttrs);
        return it;
    }

    // read-write-operations.html: "PutItem — writes a single item ... the item size rounded up to the next 1 KB";
    // "A standard write request of an item up to 1 KB requires one write unit". A 1.5 KB item = 2 WCU.
    @Test
    @DisplayName("PutItem of a 1.5 KB item consumes ceil(1.5 KB / 1 KB) = 2.0 WCU")
    void putOneAndAHalfKb() {
        int size = KB + KB / 2;
        ConsumedCapacity cc = ddb.putItem(r -> r.tableName(table).item(itemOfSize("put15", size))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        assertThat(cc.tableName()).isEqualTo(table);
        assertThat(cc.capacityUnits()).isCloseTo(writeUnits(size), within(1e-9));
        assertThat(writeUnits(size)).isEqualTo(2.0);
    }

    // read-write-operations.html: "A strongly consistent read request of an item up to 4 KB requires one read unit";
    // "An eventually consistent read request ... requires one-half read unit"; "GetItem ... round the item size up to
    // the next 4 KB boundary ... For an eventually consistent read (the default), divide by two."
    @Test
    @DisplayName("GetItem of a 5 KB item: eventually consistent 1.0 RCU, strongly consistent 2.0 RCU")
    void getFiveKb() {
        int size = 5 * KB;
        ddb.putItem(r -> r.tableName(table).item(itemOfSize("get5", size)));
        ConsumedCapacity eventual = ddb.getItem(r -> r.tableName(table).key(item("pk", s("get5")))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        ConsumedCapacity strong = ddb.getItem(r -> r.tableName(table).key(item("pk", s("get5"))).consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        assertThat(eventual.capacityUnits()).isCloseTo(strongReadUnits(size) / 2, within(1e-9));
        assertThat(strong.capacityUnits()).isCloseTo(strongReadUnits(size), within(1e-9));
        assertThat(strongReadUnits(size) / 2).isEqualTo(1.0);
    }

    // read-write-operations.html: "A transactional write request of an item up to 1 KB requires two write units";
    // TransactWriteItems returns one ConsumedCapacity per table.
    @Test
    @DisplayName("TransactWriteItems consumes 2 WCU per 1 KB item")
    void transactionalWrites() {
        int size = KB;
        List<ConsumedCapacity> cc = ddb.transactWriteItems(r -> r.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .transactItems(put(table, itemOfSize("tx1", size)), put(table, itemOfSize("tx2", size))))
                .consumedCapacity();
        assertThat(cc).hasSize(1);
        assertThat(cc.get(0).tableName()).isEqualTo(table);
        assertThat(cc.get(0).capacityUnits()).isCloseTo(2 * (2 * writeUnits(size)), within(1e-9));
    }

    // transaction-apis.html, "Capacity management for transactions": "DynamoDB performs two underlying reads or
    // writes of every item in the transaction: one to prepare the transaction and one to commit the transaction";
    // "Changes made with transactions are propagated to global secondary indexes (GSIs) ... after the transaction
    // completes successfully": the index entries are not items of the transaction and are written once.
    @Test
    @DisplayName("TransactWriteItems doubles the items' write units, not their index entries'")
    void transactionalWritesIntoAnIndexedTable() {
        int size = KB;
        ConsumedCapacity cc = ddb.transactWriteItems(r -> r.returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                .transactItems(put(indexed, itemOfSize("txg", size, "g", s("G"))))).consumedCapacity().get(0);
        double tableUnits = 2 * writeUnits(size);
        double indexUnits = writeUnits(size) + 1; // "all" holds the whole item, "keys" far less than 1 KB
        assertThat(cc.table().capacityUnits()).isCloseTo(tableUnits, within(1e-9));
        assertThat(cc.globalSecondaryIndexes().get("all").capacityUnits()).isCloseTo(writeUnits(size), within(1e-9));
        assertThat(cc.globalSecondaryIndexes().get("keys").capacityUnits()).isCloseTo(1, within(1e-9));
        assertThat(cc.capacityUnits()).isCloseTo(tableUnits + indexUnits, within(1e-9));
    }

    // API reference, ReturnConsumedCapacity: "INDEXES - The response includes the aggregate ConsumedCapacity for the
    // operation, together with ConsumedCapacity for each table and secondary index that was accessed"; "TOTAL - only
    // the aggregate". GSI.html: a table write whose item carries the index key also writes the index entry, costing
    // write units by the index entry's size (ALL projection: the whole item; KEYS_ONLY: the keys, < 1 KB here).
    @Test
    @DisplayName("PutItem into a table with GSIs adds each index's write units (INDEXES breaks them down)")
    void indexWrites() {
        int size = KB + KB / 2;
        ConsumedCapacity cc = ddb.putItem(r -> r.tableName(indexed).item(itemOfSize("gsi1", size, "g", s("G")))
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
        double tableUnits = writeUnits(size);
        double allIndexUnits = writeUnits(size); // the entry holds every attribute (plus < 512 bytes of overhead)
        double keysIndexUnits = 1;               // pk + g, far below 1 KB
        assertThat(cc.table().capacityUnits()).isCloseTo(tableUnits, within(1e-9));
        assertThat(cc.globalSecondaryIndexes()).containsOnlyKeys("all", "keys");
        assertThat(cc.globalSecondaryIndexes().get("all").capacityUnits()).isCloseTo(allIndexUnits, within(1e-9));
        assertThat(cc.globalSecondaryIndexes().get("keys").capacityUnits()).isCloseTo(keysIndexUnits, within(1e-9));
        assertThat(cc.capacityUnits()).isCloseTo(tableUnits + allIndexUnits + keysIndexUnits, within(1e-9));

        ConsumedCapacity total = ddb.putItem(r -> r.tableName(indexed).item(itemOfSize("gsi2", size, "g", s("G")))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        assertThat(total.capacityUnits()).isCloseTo(tableUnits + allIndexUnits + keysIndexUnits, within(1e-9));
        assertThat(total.hasGlobalSecondaryIndexes()).isFalse();
    }

    // GSI.html: "If a write to a table does not require a global secondary index update, no write capacity is
    // consumed from the index" — an item without the index key (sparse) costs the table write only.
    @Test
    @DisplayName("PutItem of an item without the index key consumes no index write units")
    void sparseItemNoIndexWrites() {
        int size = KB + KB / 2;
        ConsumedCapacity cc = ddb.putItem(r -> r.tableName(indexed).item(itemOfSize("nogsi", size))
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
        assertThat(cc.capacityUnits()).isCloseTo(writeUnits(size), within(1e-9));
        if (cc.hasGlobalSecondaryIndexes()) {
            cc.globalSecondaryIndexes().values().forEach(c -> assertThat(c.capacityUnits()).isZero());
        }
    }

    // read-write-operations.html: "DeleteItem — ... the size of the deleted item"; "UpdateItem — ... the larger of
    // the item sizes before and after the update".
    @Test
    @DisplayName("DeleteItem costs the deleted item's size; UpdateItem the larger of before/after")
    void deleteAndUpdate() {
        int big = 3 * KB;
        ddb.putItem(r -> r.tableName(table).item(itemOfSize("shrink", big)));
        ConsumedCapacity upd = ddb.updateItem(r -> r.tableName(table).key(item("pk", s("shrink")))
                .updateExpression("REMOVE #d").expressionAttributeNames(Map.of("#d", "data"))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        assertThat(upd.capacityUnits()).isCloseTo(writeUnits(big), within(1e-9));

        ddb.putItem(r -> r.tableName(table).item(itemOfSize("gone", big)));
        ConsumedCapacity del = ddb.deleteItem(r -> r.tableName(table).key(item("pk", s("gone")))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        assertThat(del.capacityUnits()).isCloseTo(writeUnits(big), within(1e-9));
    }

    // API reference, ReturnConsumedCapacity: "NONE - No ConsumedCapacity details are included in the response."
    @Test
    @DisplayName("ReturnConsumedCapacity NONE (the default) returns no ConsumedCapacity")
    void none() {
        assertThat(ddb.putItem(r -> r.tableName(table).item(item("pk", s("none")))).consumedCapacity()).isNull();
    }

    private static Map<String, AttributeValue> sortedItemOfSize(String pk, String sk, int totalBytes) {
        int dataLength = totalBytes - utf8("pk") - utf8(pk) - utf8("sk") - utf8(sk) - utf8("data");
        return item("pk", s(pk), "sk", s(sk), "data", s(repeat('q', dataLength)));
    }

    // read-write-operations.html: "Query — ... All items returned are treated as a single read operation, where
    // DynamoDB computes the total size of all items and then rounds up to the next 4 KB boundary."
    @Test
    @DisplayName("Query sums the item sizes before rounding up to 4 KB (3 × 1.5 KB = 4.5 KB → 2 RCU strong, 1 eventual)")
    void queryRoundsTotal() {
        String t = uniqueName("cap-q");
        createTable(ddb, t, "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.S);
        int size = KB + KB / 2;
        int count = 3;
        for (int i = 0; i < count; i++) {
            Map<String, AttributeValue> it = sortedItemOfSize("q", "s" + i, size);
            ddb.putItem(r -> r.tableName(t).item(it));
        }
        ConsumedCapacity strong = ddb.query(r -> r.tableName(t).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("q"))).consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        ConsumedCapacity eventual = ddb.query(r -> r.tableName(t).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("q")))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        assertThat(strong.capacityUnits()).isCloseTo(strongReadUnits(count * size), within(1e-9));
        assertThat(eventual.capacityUnits()).isCloseTo(strongReadUnits(count * size) / 2, within(1e-9));
    }

    // read-write-operations.html: "BatchGetItem — ... DynamoDB processes each item in the batch as an individual
    // GetItem request, so DynamoDB first rounds up the size of each item to the next 4 KB boundary, and then
    // calculates the total size" (1.5 KB + 6.5 KB → 4 KB + 8 KB = 12 KB).
    @Test
    @DisplayName("BatchGetItem rounds each item up to 4 KB before summing (1.5 KB + 6.5 KB → 3 RCU strong)")
    @SuppressWarnings("unchecked")
    void batchGetRoundsEachItem() {
        int small = KB + KB / 2;
        int large = 6 * KB + KB / 2;
        ddb.putItem(r -> r.tableName(table).item(itemOfSize("bg-small", small)));
        ddb.putItem(r -> r.tableName(table).item(itemOfSize("bg-large", large)));
        List<ConsumedCapacity> cc = ddb.batchGetItem(r -> r.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .requestItems(Map.of(table, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder()
                        .keys(item("pk", s("bg-small")), item("pk", s("bg-large"))).consistentRead(true).build())))
                .consumedCapacity();
        assertThat(cc).hasSize(1);
        assertThat(cc.get(0).capacityUnits()).isCloseTo(strongReadUnits(small) + strongReadUnits(large), within(1e-9));
    }

    // read-write-operations.html: "A transactional read request of an item up to 4 KB requires two read units."
    @Test
    @DisplayName("TransactGetItems consumes 2 RCU per 4 KB of each item")
    @SuppressWarnings("unchecked")
    void transactionalReads() {
        int small = KB + KB / 2;
        int large = 5 * KB;
        ddb.putItem(r -> r.tableName(table).item(itemOfSize("tg-small", small)));
        ddb.putItem(r -> r.tableName(table).item(itemOfSize("tg-large", large)));
        List<ConsumedCapacity> cc = ddb.transactGetItems(r -> r.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .transactItems(
                        t -> t.get(g -> g.tableName(table).key(item("pk", s("tg-small")))),
                        t -> t.get(g -> g.tableName(table).key(item("pk", s("tg-large"))))))
                .consumedCapacity();
        assertThat(cc).hasSize(1);
        assertThat(cc.get(0).capacityUnits())
                .isCloseTo(2 * (strongReadUnits(small) + strongReadUnits(large)), within(1e-9));
    }
}
