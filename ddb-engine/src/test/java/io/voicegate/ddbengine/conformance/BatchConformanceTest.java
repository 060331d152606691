package io.voicegate.ddbengine.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.voicegate.ddbengine.conformance.Ddb.*;
import static org.assertj.core.api.Assertions.assertThat;

/** BatchGetItem and BatchWriteItem (API reference). */
@ExtendWith(EngineExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchConformanceTest {

    private DynamoDbClient ddb;
    private String one;
    private String two;

    @BeforeAll
    void setUp(DynamoDbClient ddb) {
        this.ddb = ddb;
        one = uniqueName("batch-a");
        two = uniqueName("batch-b");
        createSimpleTable(ddb, one);
        createSimpleTable(ddb, two);
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    private static WriteRequest delete(Map<String, AttributeValue> key) {
        return WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build();
    }

    // API reference, BatchWriteItem: puts and deletes up to 25 items across tables; "UnprocessedItems" is empty when
    // everything was written. BatchGetItem: "Responses — a map of table name to a list of items"; a missing key is
    // simply absent from Responses; ProjectionExpression applies per table.
    @Test
    @DisplayName("BatchWriteItem puts and deletes across tables; BatchGetItem returns existing items only")
    @SuppressWarnings("unchecked")
    void batchWriteAndGet() {
        ddb.putItem(r -> r.tableName(two).item(item("pk", s("doomed"))));
        List<WriteRequest> toOne = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            toOne.add(put(item("pk", s("k" + i), "v", n(i), "extra", s("x"))));
        }
        List<WriteRequest> toTwo = List.of(put(item("pk", s("t2"), "v", s("two"))), delete(item("pk", s("doomed"))));
        BatchWriteItemResponse written = ddb.batchWriteItem(r -> r.requestItems(Map.of(one, toOne, two, toTwo)));
        assertThat(written.unprocessedItems()).allSatisfy((t, reqs) -> assertThat(reqs).isEmpty());

        BatchGetItemResponse got = ddb.batchGetItem(r -> r.requestItems(Map.of(
                one, KeysAndAttributes.builder().keys(item("pk", s("k1")), item("pk", s("k19")), item("pk", s("nope")))
                        .projectionExpression("pk, v").build(),
                two, KeysAndAttributes.builder().keys(item("pk", s("t2")), item("pk", s("doomed")))
                        .consistentRead(true).build())));
        assertThat(got.responses().get(one)).containsExactlyInAnyOrder(
                item("pk", s("k1"), "v", n(1)), item("pk", s("k19"), "v", n(19)));
        assertThat(got.responses().get(two)).containsExactly(item("pk", s("t2"), "v", s("two")));
        assertThat(got.unprocessedKeys()).allSatisfy((t, k) -> assertThat(k.keys()).isEmpty());
    }

    // API reference, BatchWriteItem: "DynamoDB rejects the entire batch write operation if ... There are more than
    // 25 requests in the batch" → ValidationException.
    @Test
    @DisplayName("BatchWriteItem with more than 25 requests is ValidationException")
    void tooManyWrites() {
        List<WriteRequest> reqs = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            reqs.add(put(item("pk", s("over" + i))));
        }
        expectValidation(() -> ddb.batchWriteItem(r -> r.requestItems(Map.of(one, reqs))));
        assertThat(ddb.getItem(r -> r.tableName(one).key(item("pk", s("over0"))).consistentRead(true)).hasItem()).isFalse();
    }

    // API reference, BatchWriteItem: "DynamoDB rejects the entire batch write operation if ... You try to perform
    // multiple operations on the same item in the same BatchWriteItem request" → ValidationException.
    @Test
    @DisplayName("BatchWriteItem with two operations on one item is ValidationException")
    void duplicateWrite() {
        List<WriteRequest> reqs = List.of(put(item("pk", s("dup"), "v", n(1))), put(item("pk", s("dup"), "v", n(2))));
        expectValidation(() -> ddb.batchWriteItem(r -> r.requestItems(Map.of(one, reqs))));
        assertThat(ddb.getItem(r -> r.tableName(one).key(item("pk", s("dup"))).consistentRead(true)).hasItem()).isFalse();
    }

    // API reference, BatchGetItem: "A single operation can retrieve up to 16 MB of data, which can contain as many as
    // 100 items"; more than 100 keys → ValidationException. Duplicate keys in one request → ValidationException.
    @Test
    @DisplayName("BatchGetItem with more than 100 keys, or duplicate keys, is ValidationException")
    @SuppressWarnings("unchecked")
    void batchGetLimits() {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            keys.add(item("pk", s("g" + i)));
        }
        expectValidation(() -> ddb.batchGetItem(r -> r.requestItems(Map.of(one,
                KeysAndAttributes.builder().keys(keys).build()))));
        expectValidation(() -> ddb.batchGetItem(r -> r.requestItems(Map.of(one,
                KeysAndAttributes.builder().keys(item("pk", s("k1")), item("pk", s("k1"))).build()))));
    }
}
