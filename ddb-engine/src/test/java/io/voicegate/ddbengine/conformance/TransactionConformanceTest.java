package io.voicegate.ddbengine.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Get;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.ItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.voicegate.ddbengine.conformance.Ddb.*;
import static org.assertj.core.api.Assertions.assertThat;

/** TransactWriteItems and TransactGetItems (API reference; developer guide "Amazon DynamoDB Transactions"). */
@ExtendWith(EngineExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransactionConformanceTest {

    private DynamoDbClient ddb;
    private String accounts;
    private String audit;

    @BeforeAll
    void setUp(DynamoDbClient ddb) {
        this.ddb = ddb;
        accounts = uniqueName("tx-acc");
        audit = uniqueName("tx-audit");
        createSimpleTable(ddb, accounts);
        createSimpleTable(ddb, audit);
    }

    static TransactWriteItem put(String table, Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build();
    }

    static TransactWriteItem update(String table, Map<String, AttributeValue> key, String expression,
                                    String condition, Map<String, AttributeValue> values) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key)
                .updateExpression(expression).conditionExpression(condition)
                .expressionAttributeValues(values).build()).build();
    }

    static TransactWriteItem delete(String table, Map<String, AttributeValue> key) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key).build()).build();
    }

    static TransactWriteItem check(String table, Map<String, AttributeValue> key, String condition,
                                   Map<String, AttributeValue> values, boolean allOld) {
        ConditionCheck.Builder b = ConditionCheck.builder().tableName(table).key(key).conditionExpression(condition)
                .expressionAttributeValues(values);
        if (allOld) {
            b.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        }
        return TransactWriteItem.builder().conditionCheck(b.build()).build();
    }

    private Map<String, AttributeValue> get(String table, String pk) {
        return ddb.getItem(r -> r.tableName(table).key(item("pk", s(pk))).consistentRead(true)).item();
    }

    // API reference, TransactWriteItems: "a synchronous write operation that groups up to 100 action requests ...
    // Put, Update, Delete, ConditionCheck"; the actions are completed atomically so that either all of them succeed,
    // or all of them fail.
    @Test
    @DisplayName("TransactWriteItems applies Put, Update, Delete and ConditionCheck together across two tables")
    void allActionsSucceed() {
        ddb.putItem(r -> r.tableName(accounts).item(item("pk", s("ok-a"), "bal", n(100))));
        ddb.putItem(r -> r.tableName(accounts).item(item("pk", s("ok-old"))));
        ddb.putItem(r -> r.tableName(audit).item(item("pk", s("ok-guard"), "isOpen", bool(true))));
        ddb.transactWriteItems(r -> r.transactItems(
                update(accounts, item("pk", s("ok-a")), "SET bal = bal - :ten", "bal >= :ten", Map.of(":ten", n(10))),
                put(audit, item("pk", s("ok-log"), "amount", n(10))),
                delete(accounts, item("pk", s("ok-old"))),
                check(audit, item("pk", s("ok-guard")), "isOpen = :t", Map.of(":t", bool(true)), false)));
        assertThat(get(accounts, "ok-a")).containsEntry("bal", n(90));
        assertThat(get(audit, "ok-log")).containsEntry("amount", n(10));
        assertThat(get(accounts, "ok-old")).isEmpty();
    }

    // API reference, TransactWriteItems: all-or-nothing; TransactionCanceledException — "CancellationReasons: a list
    // of cancellation reasons ... ordered in the same order as the TransactItems"; the failed condition's code is
    // ConditionalCheckFailed, the others None. Nothing is written to either table.
    @Test
    @DisplayName("A failing condition cancels the whole transaction: reasons in order, ConditionalCheckFailed / None, nothing written")
    void allOrNothing() {
        ddb.putItem(r -> r.tableName(accounts).item(item("pk", s("aon-a"), "bal", n(5))));
        ddb.putItem(r -> r.tableName(accounts).item(item("pk", s("aon-b"), "bal", n(0))));
        TransactionCanceledException e = DynamoDbExceptionAssert.assertThrows(TransactionCanceledException.class,
                "TransactionCanceledException", () -> ddb.transactWriteItems(r -> r.transactItems(
                        put(audit, item("pk", s("aon-log"))),
                        update(accounts, item("pk", s("aon-a")), "SET bal = bal - :ten", "bal >= :ten",
                                Map.of(":ten", n(10))),
                        update(accounts, item("pk", s("aon-b")), "SET bal = bal + :ten", null,
                                Map.of(":ten", n(10))))));
        assertThat(e.hasCancellationReasons()).isTrue();
        assertThat(e.cancellationReasons()).extracting(CancellationReason::code)
                .containsExactly("None", "ConditionalCheckFailed", "None");
        assertThat(e.getMessage()).contains("Transaction cancelled");
        assertThat(get(audit, "aon-log")).isEmpty();
        assertThat(get(accounts, "aon-a")).containsEntry("bal", n(5));
        assertThat(get(accounts, "aon-b")).containsEntry("bal", n(0));
    }

    // API reference, ConditionCheck / Put / Update / Delete (transactions): ReturnValuesOnConditionCheckFailure
    // ALL_OLD — the item's attributes are returned in the CancellationReason's Item.
    @Test
    @DisplayName("ReturnValuesOnConditionCheckFailure=ALL_OLD puts the item on its CancellationReason")
    void cancellationCarriesItem() {
        Map<String, AttributeValue> guard = item("pk", s("rv-guard"), "isOpen", bool(false));
        ddb.putItem(r -> r.tableName(audit).item(guard));
        TransactionCanceledException e = DynamoDbExceptionAssert.assertThrows(TransactionCanceledException.class,
                "TransactionCanceledException", () -> ddb.transactWriteItems(r -> r.transactItems(
                        check(audit, item("pk", s("rv-guard")), "isOpen = :t", Map.of(":t", bool(true)), true),
                        put(accounts, item("pk", s("rv-new"))))));
        assertThat(e.cancellationReasons()).hasSize(2);
        CancellationReason failed = e.cancellationReasons().get(0);
        assertThat(failed.code()).isEqualTo("ConditionalCheckFailed");
        assertThat(failed.item()).isEqualTo(guard);
        assertThat(e.cancellationReasons().get(1).code()).isEqualTo("None");
        assertThat(get(accounts, "rv-new")).isEmpty();
    }

    // API reference, TransactWriteItems: "You can't target the same item with multiple operations within the same
    // transaction" → ValidationException.
    @Test
    @DisplayName("Two actions on one item in one transaction is ValidationException")
    void sameItemTwice() {
        expectValidation(() -> ddb.transactWriteItems(r -> r.transactItems(
                put(accounts, item("pk", s("twice"), "v", n(1))),
                update(accounts, item("pk", s("twice")), "SET v = :two", null, Map.of(":two", n(2))))));
        assertThat(get(accounts, "twice")).isEmpty();
    }

    // API reference, TransactWriteItems, ClientRequestToken: "multiple identical calls have the same effect as one
    // single call"; "If you submit a request with the same client token but a change in other parameters within the
    // 10-minute idempotency window, DynamoDB returns an IdempotentParameterMismatch exception."
    @Test
    @DisplayName("ClientRequestToken: a replay succeeds without writing twice; other parameters are IdempotentParameterMismatchException")
    void idempotency() {
        String token = UUID.randomUUID().toString();
        TransactWriteItemsRequest request = TransactWriteItemsRequest.builder().clientRequestToken(token)
                .transactItems(update(accounts, item("pk", s("idem")), "ADD cnt :one", null, Map.of(":one", n(1))),
                        put(audit, item("pk", s("idem-log"))))
                .build();
        ddb.transactWriteItems(request);
        ddb.transactWriteItems(request);
        ddb.transactWriteItems(request);
        assertThat(get(accounts, "idem")).containsEntry("cnt", n(1));

        TransactWriteItemsRequest other = TransactWriteItemsRequest.builder().clientRequestToken(token)
                .transactItems(update(accounts, item("pk", s("idem")), "ADD cnt :two", null, Map.of(":two", n(2))))
                .build();
        DynamoDbExceptionAssert.assertThrows(IdempotentParameterMismatchException.class,
                "IdempotentParameterMismatchException", () -> ddb.transactWriteItems(other));
        assertThat(get(accounts, "idem")).containsEntry("cnt", n(1));
    }

    // API reference, TransactGetItems: "Responses — an ordered array ... each of which corresponds to the
    // TransactGetItem object in the same position"; "If a requested item could not be retrieved, the corresponding
    // ItemResponse object is Null" (an entry without Item).
    @Test
    @DisplayName("TransactGetItems returns items in request order with an empty entry for a missing item")
    void transactGet() {
        ddb.putItem(r -> r.tableName(accounts).item(item("pk", s("tg-1"), "v", n(1), "w", s("w"))));
        ddb.putItem(r -> r.tableName(audit).item(item("pk", s("tg-2"), "v", n(2))));
        List<ItemResponse> responses = ddb.transactGetItems(r -> r.transactItems(
                TransactGetItem.builder().get(Get.builder().tableName(accounts).key(item("pk", s("tg-1")))
                        .projectionExpression("v").build()).build(),
                TransactGetItem.builder().get(Get.builder().tableName(accounts).key(item("pk", s("tg-missing")))
                        .build()).build(),
                TransactGetItem.builder().get(Get.builder().tableName(audit).key(item("pk", s("tg-2")))
                        .build()).build())).responses();
        assertThat(responses).hasSize(3);
        assertThat(responses.get(0).item()).isEqualTo(item("v", n(1)));
        assertThat(responses.get(1) == null || responses.get(1).item().isEmpty()).as("missing item entry").isTrue();
        assertThat(responses.get(2).item()).isEqualTo(item("pk", s("tg-2"), "v", n(2)));
    }

    // API reference, TransactWriteItems: "groups up to 100 action requests"; TransactItems "Array Members: Minimum
    // number of 1 item. Maximum number of 100 items." → ValidationException beyond.
    @Test
    @DisplayName("TransactWriteItems with more than 100 actions is ValidationException")
    void tooManyActions() {
        List<TransactWriteItem> actions = new java.util.ArrayList<>();
        for (int i = 0; i < 101; i++) {
            actions.add(put(accounts, item("pk", s("many-" + i))));
        }
        expectValidation(() -> ddb.transactWriteItems(r -> r.transactItems(actions)));
        assertThat(get(accounts, "many-0")).isEmpty();
        // 100 is fine
        ddb.transactWriteItems(r -> r.transactItems(actions.subList(0, 100)));
        assertThat(get(accounts, "many-99")).isNotEmpty();
    }
}
