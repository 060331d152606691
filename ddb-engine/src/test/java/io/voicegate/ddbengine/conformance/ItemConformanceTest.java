package io.voicegate.ddbengine.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.util.Map;

import static io.voicegate.ddbengine.conformance.Ddb.*;
import static org.assertj.core.api.Assertions.assertThat;

/** PutItem, GetItem, DeleteItem and conditional writes. */
@ExtendWith(EngineExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ItemConformanceTest {

    private DynamoDbClient ddb;
    private String table;

    @BeforeAll
    void setUp(DynamoDbClient ddb) {
        this.ddb = ddb;
        table = uniqueName("items");
        createSimpleTable(ddb, table);
    }

    // API reference, PutItem: "Creates a new item, or replaces an old item with a new item"; GetItem returns the item,
    // and with ConsistentRead=true "the operation uses strongly consistent reads" (the latest write).
    @Test
    @DisplayName("PutItem then GetItem with ConsistentRead returns the item; a second PutItem replaces it whole")
    void putGetReplace() {
        ddb.putItem(r -> r.tableName(table).item(item("pk", s("pg"), "a", s("1"), "b", n(2))));
        assertThat(ddb.getItem(r -> r.tableName(table).key(item("pk", s("pg"))).consistentRead(true)).item())
                .isEqualTo(item("pk", s("pg"), "a", s("1"), "b", n(2)));
        ddb.putItem(r -> r.tableName(table).item(item("pk", s("pg"), "c", bool(true))));
        assertThat(ddb.getItem(r -> r.tableName(table).key(item("pk", s("pg"))).consistentRead(true)).item())
                .isEqualTo(item("pk", s("pg"), "c", bool(true)));
    }

    // API reference, GetItem: "If there is no matching item, GetItem does not return any data and there will be no
    // Item element in the response."
    @Test
    @DisplayName("GetItem of a missing item returns no Item element")
    void getMissing() {
        GetItemResponse response = ddb.getItem(r -> r.tableName(table).key(item("pk", s("never-written"))));
        assertThat(response.hasItem()).isFalse();
    }

    // API reference, PutItem: ReturnValues ALL_OLD — "If PutItem overwrote an attribute name-value pair, then the
    // content of the old item is returned"; NONE is the default and returns nothing.
    @Test
    @DisplayName("PutItem ReturnValues ALL_OLD returns the replaced item; NONE returns nothing")
    void putReturnValues() {
        Map<String, AttributeValue> first = item("pk", s("prv"), "v", n(1));
        assertThat(ddb.putItem(r -> r.tableName(table).item(first).returnValues(ReturnValue.ALL_OLD)).hasAttributes())
                .isFalse();
        assertThat(ddb.putItem(r -> r.tableName(table).item(item("pk", s("prv"), "v", n(2)))
                .returnValues(ReturnValue.ALL_OLD)).attributes()).isEqualTo(first);
        assertThat(ddb.putItem(r -> r.tableName(table).item(item("pk", s("prv"), "v", n(3)))).hasAttributes()).isFalse();
    }

    // Developer guide, "Projection expressions" (Expressions.ProjectionExpressions.html): only the named attributes
    // are returned; nested paths (map elements, list elements by index) return the enclosing structure with only
    // those parts.
    @Test
    @DisplayName("GetItem ProjectionExpression returns only the named (nested) attributes")
    void projection() {
        ddb.putItem(r -> r.tableName(table).item(item("pk", s("proj"),
                "a", m("b", l(m("c", n(1), "d", n(2)), n(5)), "e", s("x")),
                "f", s("y"), "g", s("z"), "h", l(s("h0"), s("h1"), s("h2")))));
        Map<String, AttributeValue> got = ddb.getItem(r -> r.tableName(table).key(item("pk", s("proj")))
                .projectionExpression("a.b[0].c, f, #h[2]").expressionAttributeNames(Map.of("#h", "h"))).item();
        assertThat(got).isEqualTo(item("a", m("b", l(m("c", n(1)))), "f", s("y"), "h", l(s("h2"))));

        Map<String, AttributeValue> top = ddb.getItem(r -> r.tableName(table).key(item("pk", s("proj")))
                .projectionExpression("g, absent")).item();
        assertThat(top).isEqualTo(item("g", s("z")));
    }

    // API reference, DeleteItem: ReturnValues ALL_OLD — "The content of the old item is returned"; the item is gone.
    @Test
    @DisplayName("DeleteItem ReturnValues ALL_OLD returns the deleted item")
    void deleteAllOld() {
        Map<String, AttributeValue> it = item("pk", s("del"), "x", s("gone soon"));
        ddb.putItem(r -> r.tableName(table).item(it));
        assertThat(ddb.deleteItem(r -> r.tableName(table).key(item("pk", s("del"))).returnValues(ReturnValue.ALL_OLD))
                .attributes()).isEqualTo(it);
        assertThat(ddb.getItem(r -> r.tableName(table).key(item("pk", s("del"))).consistentRead(true)).hasItem()).isFalse();
        // deleting a missing item succeeds and returns nothing
        assertThat(ddb.deleteItem(r -> r.tableName(table).key(item("pk", s("del"))).returnValues(ReturnValue.ALL_OLD))
                .hasAttributes()).isFalse();
    }

    // API reference, PutItem, Errors: ConditionalCheckFailedException — "A condition specified in the operation
    // failed to be evaluated"; nothing is written.
    @Test
    @DisplayName("PutItem with a failing condition is ConditionalCheckFailedException and writes nothing")
    void conditionalPutFails() {
        Map<String, AttributeValue> it = item("pk", s("cond"), "v", n(1));
        ddb.putItem(r -> r.tableName(table).item(it).conditionExpression("attribute_not_exists(pk)"));
        ConditionalCheckFailedException e = DynamoDbExceptionAssert.assertThrows(ConditionalCheckFailedException.class,
                "ConditionalCheckFailedException", () -> ddb.putItem(r -> r.tableName(table)
                        .item(item("pk", s("cond"), "v", n(2))).conditionExpression("attribute_not_exists(pk)")));
        assertThat(e.hasItem()).isFalse();
        assertThat(ddb.getItem(r -> r.tableName(table).key(item("pk", s("cond"))).consistentRead(true)).item())
                .isEqualTo(it);
    }

    // API reference, PutItem/UpdateItem/DeleteItem: ReturnValuesOnConditionCheckFailure ALL_OLD — "for a PutItem,
    // UpdateItem or DeleteItem operation that failed a condition check, the item attributes as they were" are
    // returned in the ConditionalCheckFailedException's Item.
    @Test
    @DisplayName("ReturnValuesOnConditionCheckFailure=ALL_OLD puts the item on ConditionalCheckFailedException")
    void conditionFailureCarriesItem() {
        Map<String, AttributeValue> it = item("pk", s("cond-old"), "v", n(1));
        ddb.putItem(r -> r.tableName(table).item(it));
        ConditionalCheckFailedException put = DynamoDbExceptionAssert.assertThrows(
                ConditionalCheckFailedException.class, "ConditionalCheckFailedException",
                () -> ddb.putItem(r -> r.tableName(table).item(item("pk", s("cond-old"), "v", n(9)))
                        .conditionExpression("v = :two").expressionAttributeValues(Map.of(":two", n(2)))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        assertThat(put.item()).isEqualTo(it);
        ConditionalCheckFailedException upd = DynamoDbExceptionAssert.assertThrows(
                ConditionalCheckFailedException.class, "ConditionalCheckFailedException",
                () -> ddb.updateItem(r -> r.tableName(table).key(item("pk", s("cond-old")))
                        .updateExpression("SET v = :two").conditionExpression("v = :two")
                        .expressionAttributeValues(Map.of(":two", n(2)))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        assertThat(upd.item()).isEqualTo(it);
        ConditionalCheckFailedException del = DynamoDbExceptionAssert.assertThrows(
                ConditionalCheckFailedException.class, "ConditionalCheckFailedException",
                () -> ddb.deleteItem(r -> r.tableName(table).key(item("pk", s("cond-old")))
                        .conditionExpression("attribute_not_exists(v)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        assertThat(del.item()).isEqualTo(it);
        assertThat(ddb.getItem(r -> r.tableName(table).key(item("pk", s("cond-old"))).consistentRead(true)).item())
                .isEqualTo(it);
    }

    // Developer guide, "Condition expressions" (Expressions.ConditionExpressions.html): a condition on a missing
    // item is evaluated against an item without attributes: attribute_exists fails, attribute_not_exists holds.
    @Test
    @DisplayName("Conditions on a missing item: attribute_exists fails, attribute_not_exists holds")
    void conditionOnMissingItem() {
        DynamoDbExceptionAssert.assertThrows(ConditionalCheckFailedException.class, "ConditionalCheckFailedException",
                () -> ddb.deleteItem(r -> r.tableName(table).key(item("pk", s("nobody")))
                        .conditionExpression("attribute_exists(pk)")));
        ddb.updateItem(r -> r.tableName(table).key(item("pk", s("nobody2")))
                .updateExpression("SET v = :one").conditionExpression("attribute_not_exists(pk)")
                .expressionAttributeValues(Map.of(":one", n(1))));
        assertThat(ddb.getItem(r -> r.tableName(table).key(item("pk", s("nobody2"))).consistentRead(true)).item())
                .isEqualTo(item("pk", s("nobody2"), "v", n(1)));
    }

    // API reference, PutItem, ReturnValues: "The ReturnValues parameter is used by several DynamoDB operations;
    // however, PutItem does not recognize any values other than NONE or ALL_OLD." DeleteItem likewise.
    @Test
    @DisplayName("PutItem/DeleteItem ReturnValues other than NONE or ALL_OLD is ValidationException")
    void putReturnValuesRestricted() {
        expectValidation(() -> ddb.putItem(r -> r.tableName(table).item(item("pk", s("rvx")))
                .returnValues(ReturnValue.ALL_NEW)));
        expectValidation(() -> ddb.deleteItem(r -> r.tableName(table).key(item("pk", s("rvx")))
                .returnValues(ReturnValue.UPDATED_OLD)));
        assertThat(ddb.getItem(r -> r.tableName(table).key(item("pk", s("rvx"))).consistentRead(true)).hasItem())
                .isFalse();
    }
}
