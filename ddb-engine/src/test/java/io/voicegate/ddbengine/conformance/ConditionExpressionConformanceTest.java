package io.voicegate.ddbengine.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.util.HashMap;
import java.util.Map;

import static io.voicegate.ddbengine.conformance.Ddb.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Condition expressions: developer guide "Condition and filter expressions, operators, and functions"
 * (Expressions.OperatorsAndFunctions.html), "Expression attribute names" (Expressions.ExpressionAttributeNames.html),
 * "Expression attribute values" (Expressions.ExpressionAttributeValues.html), "Reserved words" (ReservedWords.html).
 * Each condition is evaluated by a PutItem that rewrites the same item with that ConditionExpression.
 */
@ExtendWith(EngineExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConditionExpressionConformanceTest {

    private static final Map<String, AttributeValue> ITEM = item(
            "pk", s("c"),
            "num", n(5),
            "str", s("hello world"),
            "lst", l(n(1), n(2), n(3)),
            "mp", m("b", l(m("c", s("x"))), "k", n(1)),
            "tags", ss("red", "green"),
            "flag", bool(true),
            "nothing", nul(),
            "bin", b((byte) 1, (byte) 2, (byte) 3));

    private DynamoDbClient ddb;
    private String table;

    @BeforeAll
    void setUp(DynamoDbClient ddb) {
        this.ddb = ddb;
        table = uniqueName("cond");
        createSimpleTable(ddb, table);
        ddb.putItem(r -> r.tableName(table).item(ITEM));
    }

    /** Whether the condition holds for ITEM (values given as ":name", value pairs). */
    private boolean holds(String condition, Object... values) {
        return holds(condition, Map.of(), values);
    }

    private boolean holds(String condition, Map<String, String> names, Object... values) {
        Map<String, AttributeValue> vals = new HashMap<>();
        for (int i = 0; i < values.length; i += 2) {
            vals.put((String) values[i], (AttributeValue) values[i + 1]);
        }
        try {
            ddb.putItem(r -> r.tableName(table).item(ITEM).conditionExpression(condition)
                    .expressionAttributeNames(names.isEmpty() ? null : names)
                    .expressionAttributeValues(vals.isEmpty() ? null : vals));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    // "Comparison operator and function reference": a = b, a <> b, a < b, a <= b, a > b, a >= b.
    @Test
    @DisplayName("Comparators = <> < <= > >= on numbers and strings")
    void comparators() {
        assertThat(holds("num = :v", ":v", n(5))).isTrue();
        assertThat(holds("num = :v", ":v", n("5.0"))).isTrue();
        assertThat(holds("num = :v", ":v", n(6))).isFalse();
        assertThat(holds("num <> :v", ":v", n(6))).isTrue();
        assertThat(holds("num <> :v", ":v", n(5))).isFalse();
        assertThat(holds("num < :v", ":v", n(6))).isTrue();
        assertThat(holds("num < :v", ":v", n(5))).isFalse();
        assertThat(holds("num <= :v", ":v", n(5))).isTrue();
        assertThat(holds("num <= :v", ":v", n(4))).isFalse();
        assertThat(holds("num > :v", ":v", n(-10))).isTrue();
        assertThat(holds("num > :v", ":v", n(5))).isFalse();
        assertThat(holds("num >= :v", ":v", n(5))).isTrue();
        assertThat(holds("num >= :v", ":v", n(50))).isFalse();
        assertThat(holds("str < :v", ":v", s("hellp"))).isTrue();
        assertThat(holds("str > :v", ":v", s("hello"))).isTrue();
        // numbers compare numerically, not as text: 5 < 10
        assertThat(holds("num < :v", ":v", n(10))).isTrue();
        // values of different types are not equal
        assertThat(holds("num = :v", ":v", s("5"))).isFalse();
    }

    // "a IN (b, c, d) — true if a is equal to any value in the list".
    @Test
    @DisplayName("IN")
    void in() {
        assertThat(holds("num IN (:a, :b, :c)", ":a", n(1), ":b", n(5), ":c", n(9))).isTrue();
        assertThat(holds("num IN (:a, :b)", ":a", n(1), ":b", n(9))).isFalse();
    }

    // "a BETWEEN b AND c — true if a is greater than or equal to b, and less than or equal to c".
    @Test
    @DisplayName("BETWEEN is inclusive")
    void between() {
        assertThat(holds("num BETWEEN :lo AND :hi", ":lo", n(5), ":hi", n(5))).isTrue();
        assertThat(holds("num BETWEEN :lo AND :hi", ":lo", n(1), ":hi", n(4))).isFalse();
    }

    // "Logical evaluations": AND, OR, NOT; "Parentheses"; "Precedence in conditions": NOT, then AND, then OR.
    @Test
    @DisplayName("AND, OR, NOT, parentheses and precedence NOT > AND > OR")
    void logical() {
        assertThat(holds("num = :five AND flag = :t", ":five", n(5), ":t", bool(true))).isTrue();
        assertThat(holds("num = :six AND flag = :t", ":six", n(6), ":t", bool(true))).isFalse();
        assertThat(holds("num = :six OR flag = :t", ":six", n(6), ":t", bool(true))).isTrue();
        assertThat(holds("NOT num = :six", ":six", n(6))).isTrue();
        assertThat(holds("NOT (num = :five)", ":five", n(5))).isFalse();
        // AND binds tighter than OR: true OR (false AND false) = true
        assertThat(holds("num = :five OR num = :six AND flag = :f", ":five", n(5), ":six", n(6), ":f", bool(false)))
                .isTrue();
        // (true OR false) AND false = false
        assertThat(holds("(num = :five OR num = :six) AND flag = :f", ":five", n(5), ":six", n(6), ":f", bool(false)))
                .isFalse();
        // NOT binds tighter than AND: (NOT false) AND true = true
        assertThat(holds("NOT num = :six AND flag = :t", ":six", n(6), ":t", bool(true))).isTrue();
    }

    // "Functions": attribute_exists(path), attribute_not_exists(path).
    @Test
    @DisplayName("attribute_exists and attribute_not_exists (top-level and nested)")
    void existence() {
        assertThat(holds("attribute_exists(num)")).isTrue();
        assertThat(holds("attribute_exists(nothing)")).isTrue();
        assertThat(holds("attribute_exists(absent)")).isFalse();
        assertThat(holds("attribute_not_exists(absent)")).isTrue();
        assertThat(holds("attribute_not_exists(num)")).isFalse();
        assertThat(holds("attribute_exists(mp.k)")).isTrue();
        assertThat(holds("attribute_exists(mp.nope)")).isFalse();
        assertThat(holds("attribute_exists(lst[2])")).isTrue();
        assertThat(holds("attribute_exists(lst[3])")).isFalse();
    }

    // "Functions": attribute_type(path, type) with type S, SS, N, NS, B, BS, BOOL, NULL, L, M.
    @Test
    @DisplayName("attribute_type for every type")
    void attributeType() {
        Map<String, String> types = new java.util.LinkedHashMap<>();
        types.put("num", "N");
        types.put("str", "S");
        types.put("lst", "L");
        types.put("mp", "M");
        types.put("tags", "SS");
        types.put("flag", "BOOL");
        types.put("nothing", "NULL");
        types.put("bin", "B");
        types.forEach((attr, type) -> {
            assertThat(holds("attribute_type(" + attr + ", :t)", ":t", s(type))).as(attr + " is " + type).isTrue();
            assertThat(holds("attribute_type(" + attr + ", :t)", ":t", s(type.equals("S") ? "N" : "S")))
                    .as(attr + " is not other").isFalse();
        });
    }

    // "Functions": begins_with(path, substr).
    @Test
    @DisplayName("begins_with")
    void beginsWith() {
        assertThat(holds("begins_with(str, :p)", ":p", s("hello"))).isTrue();
        assertThat(holds("begins_with(str, :p)", ":p", s("world"))).isFalse();
    }

    // "Functions": contains(path, operand) — a substring of a String, an element of a set, an element of a List.
    @Test
    @DisplayName("contains on strings, sets and lists")
    void contains() {
        assertThat(holds("contains(str, :v)", ":v", s("lo wo"))).isTrue();
        assertThat(holds("contains(str, :v)", ":v", s("xyz"))).isFalse();
        assertThat(holds("contains(tags, :v)", ":v", s("red"))).isTrue();
        assertThat(holds("contains(tags, :v)", ":v", s("blue"))).isFalse();
        assertThat(holds("contains(lst, :v)", ":v", n(2))).isTrue();
        assertThat(holds("contains(lst, :v)", ":v", n(7))).isFalse();
    }

    // "Functions": size(path) — length of a String, number of bytes of a Binary, number of elements of a set, List
    // or Map.
    @Test
    @DisplayName("size of strings, binaries, sets, lists and maps")
    void size() {
        assertThat(holds("size(str) = :v", ":v", n(11))).isTrue();
        assertThat(holds("size(bin) = :v", ":v", n(3))).isTrue();
        assertThat(holds("size(tags) = :v", ":v", n(2))).isTrue();
        assertThat(holds("size(lst) = :v", ":v", n(3))).isTrue();
        assertThat(holds("size(mp) = :v", ":v", n(2))).isTrue();
        assertThat(holds("size(str) > :v", ":v", n(11))).isFalse();
    }

    // "Accessing item attributes" (Expressions.Attributes.html): nested map elements with '.', list elements with
    // '[n]'.
    @Test
    @DisplayName("Nested document paths mp.b[0].c")
    void nestedPaths() {
        assertThat(holds("mp.b[0].c = :x", ":x", s("x"))).isTrue();
        assertThat(holds("mp.b[0].c = :x", ":x", s("y"))).isFalse();
        assertThat(holds("lst[1] = :two", ":two", n(2))).isTrue();
    }

    // "Expression attribute names": #name placeholders, including for names with special characters and for each
    // part of a nested path.
    @Test
    @DisplayName("Expression attribute names and values substitute names and values")
    void placeholders() {
        assertThat(holds("#n = :v", names("#n", "num"), ":v", n(5))).isTrue();
        assertThat(holds("#m.#b[0].#c = :x", names("#m", "mp", "#b", "b", "#c", "c"), ":x", s("x"))).isTrue();
    }

    // API reference, Common errors / ValidationException: "Value provided in ExpressionAttributeNames unused in
    // expressions" and "Value provided in ExpressionAttributeValues unused in expressions" — every name and value
    // must be used.
    @Test
    @DisplayName("An unused expression attribute name or value is ValidationException")
    void unusedPlaceholders() {
        expectValidation(() -> holds("num = :v", names("#unused", "num"), ":v", n(5)));
        expectValidation(() -> holds("num = :v", ":v", n(5), ":unused", n(1)));
    }

    // "Expression attribute names" / "values": a placeholder used in an expression must be defined
    // ("An expression attribute name used in the document path is not defined"; "An expression attribute value used
    // in expression is not defined").
    @Test
    @DisplayName("An undefined expression attribute name or value is ValidationException")
    void undefinedPlaceholders() {
        expectValidation(() -> holds("#missing = :v", ":v", n(5)));
        expectValidation(() -> holds("num = :missing"));
    }

    // "Reserved words in DynamoDB": a reserved word cannot be used as an attribute name in an expression ("Attribute
    // name is a reserved keyword") → ValidationException; an expression attribute name works around it.
    @Test
    @DisplayName("A reserved word used as a literal attribute name is ValidationException")
    void reservedWord() {
        expectValidation(() -> holds("status = :v", ":v", s("x")));
        expectValidation(() -> holds("attribute_exists(name)"));
        assertThat(holds("attribute_not_exists(#s)", names("#s", "status"))).isTrue();
    }

    // "Syntax for condition expressions": a malformed expression is ValidationException (Invalid ConditionExpression).
    @Test
    @DisplayName("A malformed condition expression is ValidationException")
    void syntaxError() {
        expectValidation(() -> holds("num = = :v", ":v", n(5)));
        expectValidation(() -> holds("num BETWEEN :v", ":v", n(5)));
        expectValidation(() -> holds("no_such_function(num)"));
    }
}
