package io.voicegate.ddbengine.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.util.Map;

import static io.voicegate.ddbengine.conformance.Ddb.*;
import static org.assertj.core.api.Assertions.assertThat;

/** UpdateItem and update expressions (Developer guide, "Update expressions", Expressions.UpdateExpressions.html). */
@ExtendWith(EngineExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpdateItemConformanceTest {

    private DynamoDbClient ddb;
    private String table;

    @BeforeAll
    void setUp(DynamoDbClient ddb) {
        this.ddb = ddb;
        table = uniqueName("upd");
        createTable(ddb, table, "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.S);
    }

    private Map<String, AttributeValue> key(String pk) {
        return item("pk", s(pk), "sk", s("0"));
    }

    private void put(String pk, Object... kv) {
        Map<String, AttributeValue> it = new java.util.LinkedHashMap<>(key(pk));
        it.putAll(item(kv));
        ddb.putItem(r -> r.tableName(table).item(it));
    }

    private Map<String, AttributeValue> get(String pk) {
        return ddb.getItem(r -> r.tableName(table).key(key(pk)).consistentRead(true)).item();
    }

    private UpdateItemResponse update(String pk, String expression, Map<String, AttributeValue> values) {
        return ddb.updateItem(r -> r.tableName(table).key(key(pk)).updateExpression(expression)
                .expressionAttributeValues(values.isEmpty() ? null : values));
    }

    // "Update expressions", SET — "Incrementing and decrementing numeric attributes": SET n = n + :v, SET n = n - :v.
    @Test
    @DisplayName("SET with + and - does arithmetic on numbers")
    void setArithmetic() {
        put("arith", "a", n(10), "b", n("2.5"));
        update("arith", "SET a = a + :three, b = b - :half, c = :one + :one",
                Map.of(":three", n(3), ":half", n("0.5"), ":one", n(1)));
        assertThat(get("arith")).containsEntry("a", n(13)).containsEntry("b", n(2)).containsEntry("c", n(2));
    }

    // "Update expressions", SET — "Preventing overwrites of an existing attribute": if_not_exists(path, value)
    // evaluates to value when the attribute does not exist, else to the attribute.
    @Test
    @DisplayName("SET if_not_exists uses the value only when the attribute is missing")
    void ifNotExists() {
        put("ine");
        update("ine", "SET c = if_not_exists(c, :zero) + :one", Map.of(":zero", n(0), ":one", n(1)));
        update("ine", "SET c = if_not_exists(c, :zero) + :one", Map.of(":zero", n(0), ":one", n(1)));
        update("ine", "SET d = if_not_exists(d, :first)", Map.of(":first", s("first")));
        update("ine", "SET d = if_not_exists(d, :second)", Map.of(":second", s("second")));
        assertThat(get("ine")).containsEntry("c", n(2)).containsEntry("d", s("first"));
    }

    // "Update expressions", SET — "Appending elements to a list": list_append(list1, list2) concatenates, either
    // order (append or prepend).
    @Test
    @DisplayName("SET list_append appends and prepends")
    void listAppend() {
        put("la", "l", l(n(2), n(3)));
        update("la", "SET l = list_append(l, :tail)", Map.of(":tail", l(n(4))));
        update("la", "SET l = list_append(:head, l)", Map.of(":head", l(n(0), n(1))));
        assertThat(get("la").get("l")).isEqualTo(l(n(0), n(1), n(2), n(3), n(4)));
    }

    // "Update expressions", REMOVE — removes attributes, nested map entries and list elements (later elements shift).
    @Test
    @DisplayName("REMOVE deletes attributes, map entries and list elements")
    void remove() {
        put("rm", "x", s("x"), "m", m("keep", n(1), "gone", n(2)), "l", l(s("a"), s("b"), s("c")));
        update("rm", "REMOVE x, m.gone, l[0]", Map.of());
        Map<String, AttributeValue> got = get("rm");
        assertThat(got).doesNotContainKey("x");
        assertThat(got.get("m")).isEqualTo(m("keep", n(1)));
        assertThat(got.get("l")).isEqualTo(l(s("b"), s("c")));
    }

    // "Update expressions", ADD — "If the attribute doesn't exist, ADD creates it with the number 0 before adding";
    // for a set, ADD adds the elements (set union).
    @Test
    @DisplayName("ADD adds to numbers (missing = 0) and to sets")
    void add() {
        put("add", "n", n(5), "tags", ss("a", "b"));
        update("add", "ADD n :two, fresh :seven, tags :more, nums :ns",
                Map.of(":two", n(2), ":seven", n(7), ":more", ss("b", "c"), ":ns", ns("1", "2")));
        Map<String, AttributeValue> got = get("add");
        assertThat(got.get("n")).isEqualTo(n(7));
        assertThat(got.get("fresh")).isEqualTo(n(7));
        assertThat(got.get("tags").ss()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(got.get("nums").ns()).containsExactlyInAnyOrder("1", "2");
    }

    // API reference, UpdateItem: "Edits an existing item's attributes, or adds a new item to the table if it does
    // not already exist."
    @Test
    @DisplayName("UpdateItem on a missing key creates the item")
    void upsert() {
        update("fresh-item", "ADD cnt :one", Map.of(":one", n(1)));
        assertThat(get("fresh-item")).isEqualTo(item("pk", s("fresh-item"), "sk", s("0"), "cnt", n(1)));
    }

    // "Update expressions", DELETE — "Removing elements from a set": removes the given elements from a set.
    @Test
    @DisplayName("DELETE removes elements from a set")
    void deleteFromSet() {
        put("del", "tags", ss("a", "b", "c"), "nums", ns("1", "2", "3"));
        update("del", "DELETE tags :gone, nums :n", Map.of(":gone", ss("a", "c", "zzz"), ":n", ns("2")));
        Map<String, AttributeValue> got = get("del");
        assertThat(got.get("tags").ss()).containsExactly("b");
        assertThat(got.get("nums").ns()).containsExactlyInAnyOrder("1", "3");
    }

    // API reference, UpdateItem, ReturnValues: NONE (nothing), ALL_OLD (the item before), UPDATED_OLD (only the
    // updated attributes, before), ALL_NEW (the item after), UPDATED_NEW (only the updated attributes, after).
    @Test
    @DisplayName("UpdateItem ReturnValues NONE / ALL_OLD / UPDATED_OLD / ALL_NEW / UPDATED_NEW")
    void returnValues() {
        put("rv", "a", n(1), "b", s("keep"));
        Map<String, AttributeValue> v2 = Map.of(":v", n(2));
        assertThat(ddb.updateItem(r -> r.tableName(table).key(key("rv")).updateExpression("SET a = :v")
                .expressionAttributeValues(v2).returnValues(ReturnValue.NONE)).hasAttributes()).isFalse();
        assertThat(ddb.updateItem(r -> r.tableName(table).key(key("rv")).updateExpression("SET a = :v")
                .expressionAttributeValues(Map.of(":v", n(3))).returnValues(ReturnValue.ALL_OLD)).attributes())
                .isEqualTo(item("pk", s("rv"), "sk", s("0"), "a", n(2), "b", s("keep")));
        assertThat(ddb.updateItem(r -> r.tableName(table).key(key("rv")).updateExpression("SET a = :v")
                .expressionAttributeValues(Map.of(":v", n(4))).returnValues(ReturnValue.UPDATED_OLD)).attributes())
                .isEqualTo(item("a", n(3)));
        assertThat(ddb.updateItem(r -> r.tableName(table).key(key("rv")).updateExpression("SET a = :v")
                .expressionAttributeValues(Map.of(":v", n(5))).returnValues(ReturnValue.ALL_NEW)).attributes())
                .isEqualTo(item("pk", s("rv"), "sk", s("0"), "a", n(5), "b", s("keep")));
        assertThat(ddb.updateItem(r -> r.tableName(table).key(key("rv")).updateExpression("SET a = :v, c = :c")
                .expressionAttributeValues(Map.of(":v", n(6), ":c", s("new"))).returnValues(ReturnValue.UPDATED_NEW))
                .attributes()).isEqualTo(item("a", n(6), "c", s("new")));
    }

    // "Update expressions": all actions of one update expression are evaluated against the item as it was before
    // the update (the expression is applied atomically), so SET a = :x, b = a copies the OLD value of a.
    @Test
    @DisplayName("Every update action reads the item as it was before the update (SET a = :x, b = a)")
    void actionsSeeOldItem() {
        put("old", "a", n(1));
        update("old", "SET a = :x, b = a", Map.of(":x", n(99)));
        assertThat(get("old")).containsEntry("a", n(99)).containsEntry("b", n(1));
        update("old", "SET a = b, b = a", Map.of());
        assertThat(get("old")).containsEntry("a", n(1)).containsEntry("b", n(99));
    }

    // API reference, UpdateItem: "You cannot use UpdateItem to update any primary key attributes. Instead, you will
    // need to delete the item, and then use PutItem to create a new item with new attributes." → ValidationException.
    @Test
    @DisplayName("Updating a key attribute is ValidationException")
    void updateKeyAttribute() {
        put("keyupd", "a", n(1));
        expectValidation(() -> update("keyupd", "SET sk = :other", Map.of(":other", s("1"))));
        expectValidation(() -> update("keyupd", "REMOVE pk", Map.of()));
        assertThat(get("keyupd")).containsEntry("a", n(1));
    }

    // "Update expressions": SET on a path inside a missing map is an error ("The document path provided in the
    // update expression is invalid for update") → ValidationException; the item is unchanged.
    @Test
    @DisplayName("SET on a nested path whose parent does not exist is ValidationException")
    void setUnderMissingParent() {
        put("nested", "a", n(1));
        expectValidation(() -> update("nested", "SET absent.child = :v", Map.of(":v", n(1))));
        assertThat(get("nested")).isEqualTo(item("pk", s("nested"), "sk", s("0"), "a", n(1)));
    }

    // "Update expressions", SET: arithmetic on a non-number is ValidationException ("An operand in the update
    // expression has an incorrect data type").
    @Test
    @DisplayName("SET arithmetic on a string is ValidationException")
    void arithmeticOnString() {
        put("strmath", "a", s("text"));
        expectValidation(() -> update("strmath", "SET a = a + :one", Map.of(":one", n(1))));
    }

    // An update expression may name each document path once: AWS answers "Invalid UpdateExpression: Two document
    // paths overlap with each other; must remove or rewrite one of these paths" (ValidationException) — the error AWS
    // returns, as reported e.g. in HENNGE/aiodynamo#2; the developer guide's update-expression grammar gives each
    // path one action.
    @Test
    @DisplayName("Two actions on the same (or an overlapping) path is ValidationException")
    void overlappingPaths() {
        put("overlap", "a", n(1), "m", m("x", n(1)));
        expectValidation(() -> update("overlap", "SET a = :v REMOVE a", Map.of(":v", n(2))));
        expectValidation(() -> update("overlap", "SET m = :v, m.x = :v", Map.of(":v", n(2))));
        assertThat(get("overlap")).containsEntry("a", n(1));
    }
}
