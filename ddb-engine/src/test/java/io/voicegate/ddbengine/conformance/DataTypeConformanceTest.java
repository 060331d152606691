package io.voicegate.ddbengine.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.voicegate.ddbengine.conformance.Ddb.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data types and limits: developer guide "Supported data types and naming rules" (HowItWorks.NamingRulesDataTypes.html),
 * "Item sizes and formats" (CapacityUnitCalculations.html), "Constraints" (Constraints.html).
 */
@ExtendWith(EngineExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataTypeConformanceTest {

    private static final int MAX_ITEM_BYTES = 400 * 1024;

    private DynamoDbClient ddb;
    private String table;

    @BeforeAll
    void setUp(DynamoDbClient ddb) {
        this.ddb = ddb;
        table = uniqueName("types");
        createSimpleTable(ddb, table);
    }

    private Map<String, AttributeValue> roundTrip(Map<String, AttributeValue> item) {
        ddb.putItem(r -> r.tableName(table).item(item));
        return ddb.getItem(r -> r.tableName(table).key(item("pk", item.get("pk"))).consistentRead(true)).item();
    }

    // "Data types": scalar S, N, B, BOOL, NULL; document M, L; set SS, NS, BS. Sets are unordered.
    @Test
    @DisplayName("S N B BOOL NULL M L SS NS BS round-trip")
    void roundTripAllTypes() {
        Map<String, AttributeValue> it = item("pk", s("all"),
                "s", s("text ✓ 😀"), "n", n("-12.5"), "b", b((byte) 0, (byte) 0xFF, (byte) 0x80),
                "t", bool(true), "f", bool(false), "z", nul(),
                "m", m("inner", m("deep", l(s("a"), n(1), nul())), "e", m()),
                "l", l(s("x"), n(2), bool(false), l(), b((byte) 7)),
                "ss", ss("b", "a", "c"), "ns", ns("3", "1.5", "-2"), "bs", bs(new byte[]{1}, new byte[]{2, 3}),
                "empty", s(""));
        Map<String, AttributeValue> got = roundTrip(it);
        assertThat(got.keySet()).isEqualTo(it.keySet());
        for (String key : List.of("pk", "s", "n", "b", "t", "f", "z", "m", "l", "empty")) {
            assertThat(got.get(key)).as(key).isEqualTo(it.get(key));
        }
        assertThat(got.get("ss").ss()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(got.get("ns").ns()).containsExactlyInAnyOrder("3", "1.5", "-2");
        assertThat(got.get("bs").bs()).containsExactlyInAnyOrder(
                SdkBytes.fromByteArray(new byte[]{1}), SdkBytes.fromByteArray(new byte[]{2, 3}));
    }

    // "Data types", Number: "Numbers can have up to 38 digits of precision"; "Leading and trailing zeroes are
    // trimmed" (Item sizes and formats). Precision beyond 38 digits → ValidationException.
    @Test
    @DisplayName("N keeps 38 significant digits exactly")
    void thirtyEightDigits() {
        String digits38 = "12345678901234567890123456789012345678";
        assertThat(roundTrip(item("pk", s("n38"), "v", n(digits38))).get("v")).isEqualTo(n(digits38));
        String frac38 = "0.12345678901234567890123456789012345678";
        assertThat(roundTrip(item("pk", s("f38"), "v", n(frac38))).get("v")).isEqualTo(n(frac38));
    }

    @Test
    @DisplayName("N with 39 significant digits is ValidationException")
    void thirtyNineDigits() {
        expectValidation(() -> ddb.putItem(r -> r.tableName(table)
                .item(item("pk", s("n39"), "v", n("123456789012345678901234567890123456789")))));
    }

    // "Data types", Number: range — positive 1E-130 to 9.9999999999999999999999999999999999999E+125, negative
    // likewise; outside it → ValidationException.
    @Test
    @DisplayName("N outside the documented magnitude range is ValidationException")
    void numberRange() {
        expectValidation(() -> ddb.putItem(r -> r.tableName(table).item(item("pk", s("big"), "v", n("1E+126")))));
        expectValidation(() -> ddb.putItem(r -> r.tableName(table).item(item("pk", s("tiny"), "v", n("1E-131")))));
        assertThat(new BigDecimal(roundTrip(item("pk", s("edge"), "v", n("9.9999999999999999999999999999999999999E+125")))
                .get("v").n())).isEqualByComparingTo("9.9999999999999999999999999999999999999E+125");
    }

    // "Item sizes and formats": "Leading and trailing zeroes are trimmed" — "007.50" is stored and returned as "7.5".
    @Test
    @DisplayName("N is returned without leading/trailing zeros (\"007.50\" → \"7.5\")")
    void numberNormalised() {
        assertThat(roundTrip(item("pk", s("zeros"), "v", n("007.50"))).get("v").n()).isEqualTo("7.5");
        assertThat(roundTrip(item("pk", s("int"), "v", n("100"))).get("v").n()).isEqualTo("100");
        assertThat(roundTrip(item("pk", s("negz"), "v", n("-0.0100"))).get("v").n()).isEqualTo("-0.01");
    }

    // "Data types", Number: a value that is not a number → ValidationException.
    @Test
    @DisplayName("N that is not a number is ValidationException")
    void notANumber() {
        expectValidation(() -> ddb.putItem(r -> r.tableName(table).item(item("pk", s("nan"), "v", n("12abc")))));
    }

    private List<Map<String, AttributeValue>> queryAll(String t, String pk) {
        return ddb.query(r -> r.tableName(t).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s(pk)))).items();
    }

    // Developer guide, "Query" (Query.html) / "Partitions and data distribution": items with the same partition key
    // are stored in sorted order by sort key; "If the data type of the sort key is Number, the results are returned in
    // numeric order".
    @Test
    @DisplayName("Sort order: N sort keys sort numerically")
    void numericSortOrder() {
        String t = uniqueName("sort-n");
        createTable(ddb, t, "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
        List<String> values = new ArrayList<>(List.of("-100", "-10", "-2.5", "-0.001", "0", "0.001", "3", "20", "100",
                "1E+20", "12345678901234567890123456789012345678"));
        long seed = System.nanoTime();
        System.out.println("numericSortOrder seed: " + seed);
        List<String> shuffled = new ArrayList<>(values);
        Collections.shuffle(shuffled, new Random(seed));
        shuffled.forEach(v -> ddb.putItem(r -> r.tableName(t).item(item("pk", s("p"), "sk", n(v)))));
        List<BigDecimal> got = queryAll(t, "p").stream().map(i -> new BigDecimal(i.get("sk").n())).toList();
        assertThat(got).hasSize(values.size()).isSortedAccordingTo(Comparator.naturalOrder());
    }

    private static int compareUnsigned(byte[] a, byte[] b) {
        return java.util.Arrays.compareUnsigned(a, b);
    }

    // API reference, Query / developer guide "Query": "If the data type of the sort key is String, the results are
    // returned in order of UTF-8 bytes" — U+1F600 (F0 9F 98 80) sorts after U+FF5A (EF BD 9A), the opposite of Java's
    // UTF-16 String.compareTo.
    @Test
    @DisplayName("Sort order: S sort keys sort by UTF-8 bytes (U+1F600 after U+FF5A)")
    void utf8SortOrder() {
        String t = uniqueName("sort-s");
        createTable(ddb, t, "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.S);
        String emoji = "\uD83D\uDE00";
        String fullwidthZ = "\uFF5A";
        assertThat(emoji.compareTo(fullwidthZ)).as("Java's UTF-16 order is the opposite").isNegative();
        List<String> values = new ArrayList<>(List.of("a", "B", "Z", "é", "ab", fullwidthZ, emoji, "\u00FF", "~",
                " ", "a\u0000", "\uE000"));
        long seed = System.nanoTime();
        System.out.println("utf8SortOrder seed: " + seed);
        Collections.shuffle(values, new Random(seed));
        values.forEach(v -> ddb.putItem(r -> r.tableName(t).item(item("pk", s("p"), "sk", s(v)))));
        List<String> got = queryAll(t, "p").stream().map(i -> i.get("sk").s()).toList();
        List<String> expected = new ArrayList<>(values);
        expected.sort((x, y) -> compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
        assertThat(got).isEqualTo(expected);
        assertThat(got.indexOf(emoji)).isGreaterThan(got.indexOf(fullwidthZ));
        // and key conditions use the same order
        List<String> above = ddb.query(r -> r.tableName(t).keyConditionExpression("pk = :p AND sk > :z")
                .expressionAttributeValues(Map.of(":p", s("p"), ":z", s(fullwidthZ)))).items().stream()
                .map(i -> i.get("sk").s()).toList();
        assertThat(above).containsExactly(emoji);
    }

    // API reference, Query / developer guide: "If the data type of the sort key is Binary, DynamoDB treats each byte
    // of the binary data as unsigned" — 0x7F sorts before 0x80.
    @Test
    @DisplayName("Sort order: B sort keys sort by unsigned bytes (0x7F before 0x80)")
    void binarySortOrder() {
        String t = uniqueName("sort-b");
        createTable(ddb, t, "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.B);
        List<byte[]> values = new ArrayList<>(List.of(new byte[]{(byte) 0x80}, new byte[]{0x7F}, new byte[]{0x00},
                new byte[]{(byte) 0xFF}, new byte[]{0x7F, 0x00}, new byte[]{(byte) 0x80, (byte) 0xFF}, new byte[]{0x01}));
        long seed = System.nanoTime();
        System.out.println("binarySortOrder seed: " + seed);
        Collections.shuffle(values, new Random(seed));
        values.forEach(v -> ddb.putItem(r -> r.tableName(t).item(item("pk", s("p"), "sk", b(v)))));
        List<byte[]> got = queryAll(t, "p").stream().map(i -> i.get("sk").b().asByteArray()).toList();
        List<byte[]> expected = new ArrayList<>(values);
        expected.sort(DataTypeConformanceTest::compareUnsigned);
        assertThat(got).hasSize(expected.size());
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i)).as("position %d", i).isEqualTo(expected.get(i));
        }
        List<byte[]> high = ddb.query(r -> r.tableName(t).keyConditionExpression("pk = :p AND sk > :x")
                .expressionAttributeValues(Map.of(":p", s("p"), ":x", b((byte) 0x7F, (byte) 0x00)))).items().stream()
                .map(i -> i.get("sk").b().asByteArray()).toList();
        assertThat(high).hasSize(3); // 0x80, 0x80FF, 0xFF
    }

    // "Constraints", Items: "The maximum item size in DynamoDB is 400 KB, which includes both attribute name binary
    // length (UTF-8 length) and attribute value lengths (again binary length)". Size of a String attribute = UTF-8
    // bytes of the name + UTF-8 bytes of the value ("Item sizes and formats").
    @Test
    @DisplayName("An item of exactly 400 KB is accepted")
    void itemAtLimit() {
        String pk = "at-limit";
        int overhead = utf8("pk") + utf8(pk) + utf8("d");
        String data = repeat('x', MAX_ITEM_BYTES - overhead);
        ddb.putItem(r -> r.tableName(table).item(item("pk", s(pk), "d", s(data))));
        assertThat(ddb.getItem(r -> r.tableName(table).key(item("pk", s(pk))).consistentRead(true)).item().get("d").s())
                .hasSize(data.length());
    }

    @Test
    @DisplayName("An item over 400 KB is ValidationException")
    void itemOverLimit() {
        String pk = "over-limit";
        int overhead = utf8("pk") + utf8(pk) + utf8("d");
        String data = repeat('x', MAX_ITEM_BYTES - overhead + 1);
        expectValidation(() -> ddb.putItem(r -> r.tableName(table).item(item("pk", s(pk), "d", s(data)))));
        assertThat(ddb.getItem(r -> r.tableName(table).key(item("pk", s(pk))).consistentRead(true)).hasItem()).isFalse();
        // also via UpdateItem growing an item past the limit
        ddb.putItem(r -> r.tableName(table).item(item("pk", s("grow"), "d", s(repeat('x', MAX_ITEM_BYTES / 2)))));
        expectValidation(() -> ddb.updateItem(r -> r.tableName(table).key(item("pk", s("grow")))
                .updateExpression("SET e = :big").expressionAttributeValues(Map.of(":big", s(repeat('y', MAX_ITEM_BYTES / 2))))));
    }

    // "Data types", String: "If you define a primary key attribute as a string type attribute ... the length must be
    // greater than zero"; empty strings are allowed for non-key attributes.
    @Test
    @DisplayName("An empty string key is ValidationException (non-key empty strings are fine)")
    void emptyStringKey() {
        expectValidation(() -> ddb.putItem(r -> r.tableName(table).item(item("pk", s("")))));
        expectValidation(() -> ddb.getItem(r -> r.tableName(table).key(item("pk", s("")))));
        assertThat(roundTrip(item("pk", s("empty-ok"), "v", s(""))).get("v")).isEqualTo(s(""));
    }

    // API reference, PutItem: "Item — ... You must provide all of the attributes for the primary key ... the data
    // types for those attributes must match those of the schema in the table's attribute definition" → ValidationException.
    @Test
    @DisplayName("A key attribute of the wrong type is ValidationException")
    void wrongKeyType() {
        expectValidation(() -> ddb.putItem(r -> r.tableName(table).item(item("pk", n(1)))));
        expectValidation(() -> ddb.getItem(r -> r.tableName(table).key(item("pk", n(1)))));
    }

    @Test
    @DisplayName("A missing key attribute is ValidationException")
    void missingKey() {
        expectValidation(() -> ddb.putItem(r -> r.tableName(table).item(item("other", s("x")))));
        expectValidation(() -> ddb.getItem(r -> r.tableName(table).key(item("other", s("x")))));
        // extra attributes in a key are rejected too ("The provided key element does not match the schema")
        expectValidation(() -> ddb.getItem(r -> r.tableName(table).key(item("pk", s("x"), "other", s("y")))));
    }

    // "Data types", Sets: "empty sets are not supported"; "values within a set must be unique" → ValidationException.
    @Test
    @DisplayName("An empty set (or a set with duplicates) is ValidationException")
    void emptySet() {
        expectValidation(() -> ddb.putItem(r -> r.tableName(table).item(item("pk", s("es"), "v", ss()))));
        expectValidation(() -> ddb.putItem(r -> r.tableName(table).item(item("pk", s("es"), "v", ns()))));
        expectValidation(() -> ddb.putItem(r -> r.tableName(table).item(item("pk", s("es"), "v", ss("a", "a")))));
    }
}
