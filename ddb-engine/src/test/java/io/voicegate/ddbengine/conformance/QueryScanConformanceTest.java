package io.voicegate.ddbengine.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import static io.voicegate.ddbengine.conformance.Ddb.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Query and Scan (API reference Query / Scan; developer guide "Querying tables", "Scanning tables"). */
@ExtendWith(EngineExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryScanConformanceTest {

    private static final int ITEMS = 20;

    private DynamoDbClient ddb;
    private String table;

    @BeforeAll
    void setUp(DynamoDbClient ddb) {
        this.ddb = ddb;
        table = uniqueName("query");
        createTable(ddb, table, "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.S, b -> b
                .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.S),
                        attr("gk", ScalarAttributeType.S), attr("gs", ScalarAttributeType.N))
                .globalSecondaryIndexes(gsi("byG", "gk", "gs", projection(ProjectionType.ALL))));
        long seed = System.nanoTime();
        System.out.println("QueryScanConformanceTest insertion-order seed: " + seed);
        List<Integer> order = new ArrayList<>();
        for (int i = 1; i <= ITEMS; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new Random(seed));
        for (int i : order) {
            ddb.putItem(r -> r.tableName(table).item(item("pk", s("p"), "sk", s(sk(i)), "num", n(i),
                    "even", bool(i % 2 == 0), "gk", s("g"), "gs", n(i % 7 * 100 + i))));
            // other partition: must never leak into pk = "p" queries
            ddb.putItem(r -> r.tableName(table).item(item("pk", s("other"), "sk", s(sk(i)), "num", n(i))));
        }
    }

    private static String sk(int i) {
        return String.format("s#%02d", i);
    }

    private List<String> sks(List<Map<String, AttributeValue>> items) {
        return items.stream().map(i -> i.get("sk").s()).toList();
    }

    private List<String> expected(int from, int to) {
        List<String> list = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            list.add(sk(i));
        }
        return list;
    }

    private QueryResponse query(String condition, Map<String, AttributeValue> values) {
        return ddb.query(r -> r.tableName(table).keyConditionExpression(condition).expressionAttributeValues(values));
    }

    // API reference, Query, KeyConditionExpression: "a = :v", "a < :v", "a <= :v", "a > :v", "a >= :v",
    // "a BETWEEN :lo AND :hi" (inclusive), "begins_with (a, :prefix)" on the sort key; results in sort key order.
    @Test
    @DisplayName("Query key conditions: =, <, <=, >, >=, BETWEEN (inclusive), begins_with")
    void keyConditions() {
        assertThat(sks(query("pk = :p", Map.of(":p", s("p"))).items())).isEqualTo(expected(1, ITEMS));
        assertThat(sks(query("pk = :p AND sk = :v", Map.of(":p", s("p"), ":v", s(sk(5)))).items()))
                .containsExactly(sk(5));
        assertThat(sks(query("pk = :p AND sk < :v", Map.of(":p", s("p"), ":v", s(sk(5)))).items()))
                .isEqualTo(expected(1, 4));
        assertThat(sks(query("pk = :p AND sk <= :v", Map.of(":p", s("p"), ":v", s(sk(5)))).items()))
                .isEqualTo(expected(1, 5));
        assertThat(sks(query("pk = :p AND sk > :v", Map.of(":p", s("p"), ":v", s(sk(15)))).items()))
                .isEqualTo(expected(16, 20));
        assertThat(sks(query("pk = :p AND sk >= :v", Map.of(":p", s("p"), ":v", s(sk(15)))).items()))
                .isEqualTo(expected(15, 20));
        assertThat(sks(query("pk = :p AND sk BETWEEN :lo AND :hi",
                Map.of(":p", s("p"), ":lo", s(sk(3)), ":hi", s(sk(7)))).items())).isEqualTo(expected(3, 7));
        assertThat(sks(query("pk = :p AND begins_with(sk, :pre)", Map.of(":p", s("p"), ":pre", s("s#1"))).items()))
                .isEqualTo(expected(10, 19));
    }

    // API reference, Query, KeyConditionExpression: only =, <, <=, >, >=, BETWEEN, begins_with on the key; a
    // non-key attribute or a condition without the partition key equality is ValidationException.
    @Test
    @DisplayName("Query key condition on a non-key attribute or without pk equality is ValidationException")
    void invalidKeyConditions() {
        expectValidation(() -> query("pk = :p AND num = :n", Map.of(":p", s("p"), ":n", n(1))));
        expectValidation(() -> query("sk = :v", Map.of(":v", s(sk(1)))));
        expectValidation(() -> query("pk > :p", Map.of(":p", s("p"))));
    }

    // API reference, Query, ScanIndexForward: "If ScanIndexForward is false, DynamoDB reads the results in reverse
    // order by sort key value".
    @Test
    @DisplayName("Query ScanIndexForward=false returns descending sort key order")
    void descending() {
        List<String> desc = sks(ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))).scanIndexForward(false)).items());
        List<String> exp = new ArrayList<>(expected(1, ITEMS));
        java.util.Collections.reverse(exp);
        assertThat(desc).isEqualTo(exp);
    }

    private List<Map<String, AttributeValue>> pageAll(Consumer<QueryRequest.Builder> request, int limit) {
        List<Map<String, AttributeValue>> all = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> exclusive = start;
            QueryResponse page = ddb.query(r -> {
                request.accept(r);
                r.limit(limit).exclusiveStartKey(exclusive);
            });
            assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
            all.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (start != null && pages < 1000);
        return all;
    }

    // API reference, Query: Limit — "The maximum number of items to evaluate"; LastEvaluatedKey — "The primary key
    // of the item where the operation stopped ... use this value to start a new operation, excluding this value in
    // the new request" (ExclusiveStartKey); "If LastEvaluatedKey is empty, then the last page of results has been
    // processed". Paging visits every item exactly once.
    @Test
    @DisplayName("Query Limit + LastEvaluatedKey/ExclusiveStartKey paging sees every item exactly once, in order")
    void paging() {
        for (int limit : new int[]{1, 3, 7, 20, 25}) {
            List<Map<String, AttributeValue>> all = pageAll(r -> r.tableName(table).keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", s("p"))), limit);
            assertThat(sks(all)).as("limit %d", limit).isEqualTo(expected(1, ITEMS));
        }
        // descending too
        List<Map<String, AttributeValue>> desc = pageAll(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))).scanIndexForward(false), 6);
        assertThat(sks(desc)).doesNotHaveDuplicates().hasSize(ITEMS).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    // API reference, Query: ExclusiveStartKey continues a query, so it must lie inside what the key condition
    // selects; DynamoDB answers a start key in another partition or outside the sort key range with a
    // ValidationException "The provided starting key is outside query boundaries based on provided conditions"
    // (seen against DynamoDB: scylladb/scylladb#26988, aws/aws-sdk-ruby#2456). One inside the range, even where
    // no item is, starts after it.
    @Test
    @DisplayName("Query ExclusiveStartKey outside the partition or the sort key range is ValidationException")
    void startKeyOutsideTheCondition() {
        expectValidation(() -> ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p")))
                .exclusiveStartKey(item("pk", s("other"), "sk", s(sk(3))))));
        expectValidation(() -> ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p AND sk < :hi")
                .expressionAttributeValues(Map.of(":p", s("p"), ":hi", s(sk(5))))
                .exclusiveStartKey(item("pk", s("p"), "sk", s(sk(7))))));

        QueryResponse inside = ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p AND sk < :hi")
                .expressionAttributeValues(Map.of(":p", s("p"), ":hi", s(sk(5))))
                .exclusiveStartKey(item("pk", s("p"), "sk", s(sk(2) + "x"))));
        assertThat(sks(inside.items())).isEqualTo(List.of(sk(3), sk(4)));
    }

    // API reference, Query: FilterExpression is applied after the items are read: "Count — the number of items in
    // the response ... after the filter"; "ScannedCount — the number of items evaluated, before any QueryFilter is
    // applied". Limit bounds the items evaluated, not the items matched.
    @Test
    @DisplayName("Query FilterExpression: Count counts matches, ScannedCount counts items read; Limit applies before the filter")
    void filterCounts() {
        QueryResponse all = ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .filterExpression("even = :t").expressionAttributeValues(Map.of(":p", s("p"), ":t", bool(true))));
        assertThat(all.count()).isEqualTo(ITEMS / 2);
        assertThat(all.scannedCount()).isEqualTo(ITEMS);
        assertThat(all.items()).allMatch(i -> i.get("even").bool());

        QueryResponse limited = ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .filterExpression("even = :t").expressionAttributeValues(Map.of(":p", s("p"), ":t", bool(true)))
                .limit(5));
        assertThat(limited.scannedCount()).isEqualTo(5);
        assertThat(limited.count()).isEqualTo(2); // s#02, s#04 among s#01..s#05
        assertThat(limited.lastEvaluatedKey()).isEqualTo(item("pk", s("p"), "sk", s(sk(5))));
    }

    // API reference, Query: a FilterExpression cannot name a key attribute → ValidationException
    // ("Filter Expression can only contain non-primary key attributes").
    @Test
    @DisplayName("Query FilterExpression on a key attribute is ValidationException")
    void filterOnKey() {
        expectValidation(() -> ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .filterExpression("sk = :s").expressionAttributeValues(Map.of(":p", s("p"), ":s", s(sk(1))))));
    }

    // API reference, Query, Select: "COUNT - Returns the number of matching items, rather than the matching items
    // themselves."
    @Test
    @DisplayName("Query Select=COUNT returns the count and no items")
    void selectCount() {
        QueryResponse r = ddb.query(q -> q.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))).select(Select.COUNT));
        assertThat(r.count()).isEqualTo(ITEMS);
        assertThat(r.items()).isEmpty();
    }

    // API reference, Query, IndexName: querying a global secondary index by its own key; results in index sort key
    // order, and paging through an index visits every item exactly once.
    @Test
    @DisplayName("Query on a GSI returns index key order and pages through every item exactly once")
    void gsiQueryAndPaging() {
        List<Map<String, AttributeValue>> once = ddb.query(r -> r.tableName(table).indexName("byG")
                .keyConditionExpression("gk = :g").expressionAttributeValues(Map.of(":g", s("g")))).items();
        assertThat(once).hasSize(ITEMS);
        assertThat(once.stream().map(i -> Long.parseLong(i.get("gs").n())).toList()).isSorted();
        for (int limit : new int[]{1, 4, 9}) {
            List<Map<String, AttributeValue>> paged = pageAll(r -> r.tableName(table).indexName("byG")
                    .keyConditionExpression("gk = :g").expressionAttributeValues(Map.of(":g", s("g"))), limit);
            assertThat(paged).as("limit %d", limit).isEqualTo(once);
        }
        List<Map<String, AttributeValue>> range = ddb.query(r -> r.tableName(table).indexName("byG")
                .keyConditionExpression("gk = :g AND gs BETWEEN :lo AND :hi")
                .expressionAttributeValues(Map.of(":g", s("g"), ":lo", n(100), ":hi", n(199)))).items();
        assertThat(range).extracting(i -> i.get("num")).containsExactlyInAnyOrder(n(1), n(8), n(15));
    }

    // API reference, Query, ConsistentRead: "Strongly consistent reads are not supported on global secondary indexes.
    // If you query a global secondary index with ConsistentRead set to true, you will receive a ValidationException."
    @Test
    @DisplayName("Query with ConsistentRead=true on a GSI is ValidationException")
    void consistentReadOnGsi() {
        expectValidation(() -> ddb.query(r -> r.tableName(table).indexName("byG").consistentRead(true)
                .keyConditionExpression("gk = :g").expressionAttributeValues(Map.of(":g", s("g")))));
    }

    // API reference, Scan: FilterExpression, Count/ScannedCount, Limit + LastEvaluatedKey/ExclusiveStartKey paging
    // that returns every item exactly once.
    @Test
    @DisplayName("Scan with FilterExpression and Limit paging sees every matching item exactly once")
    void scanPaging() {
        ScanResponse full = ddb.scan(r -> r.tableName(table).consistentRead(true));
        assertThat(full.count()).isEqualTo(2 * ITEMS);

        List<Map<String, AttributeValue>> seen = new ArrayList<>();
        int scanned = 0;
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> exclusive = start;
            ScanResponse page = ddb.scan(ScanRequest.builder().tableName(table).limit(7).exclusiveStartKey(exclusive)
                    .filterExpression("num > :ten").expressionAttributeValues(Map.of(":ten", n(10))).build());
            assertThat(page.scannedCount()).isLessThanOrEqualTo(7);
            scanned += page.scannedCount();
            seen.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (start != null && pages < 1000);
        assertThat(scanned).isEqualTo(2 * ITEMS);
        assertThat(seen).hasSize(2 * (ITEMS - 10)).doesNotHaveDuplicates()
                .allMatch(i -> Integer.parseInt(i.get("num").n()) > 10);
    }

    // API reference, Scan, IndexName: scanning a GSI returns the items in the index.
    @Test
    @DisplayName("Scan of a GSI returns only the indexed items")
    void scanIndex() {
        ScanResponse r = ddb.scan(q -> q.tableName(table).indexName("byG"));
        assertThat(r.count()).isEqualTo(ITEMS);
        assertThat(r.items()).allMatch(i -> i.get("pk").equals(s("p")));
    }

    // Developer guide, "Parallel scan" (Scan.html#Scan.ParallelScan): with TotalSegments N, each Segment 0..N-1 scans
    // a disjoint part of the table; together they return every item exactly once.
    @Test
    @DisplayName("Parallel Scan segments are disjoint and together cover the table")
    void parallelScan() {
        int total = 3;
        List<Map<String, AttributeValue>> union = new ArrayList<>();
        for (int segment = 0; segment < total; segment++) {
            int seg = segment;
            Map<String, AttributeValue> start = null;
            int pages = 0;
            do {
                Map<String, AttributeValue> exclusive = start;
                ScanResponse page = ddb.scan(r -> r.tableName(table).segment(seg).totalSegments(total).limit(5)
                        .exclusiveStartKey(exclusive));
                union.addAll(page.items());
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
                pages++;
            } while (start != null && pages < 1000);
        }
        assertThat(union).hasSize(2 * ITEMS).doesNotHaveDuplicates();
        // Segment must be below TotalSegments (API reference, Scan: Segment) → ValidationException
        expectValidation(() -> ddb.scan(r -> r.tableName(table).segment(3).totalSegments(3)));
    }
}
