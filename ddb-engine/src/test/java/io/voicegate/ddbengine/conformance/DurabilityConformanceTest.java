package io.voicegate.ddbengine.conformance;

import io.voicegate.ddbengine.DynamoEngine;
import io.voicegate.ddbengine.EngineOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.voicegate.ddbengine.conformance.Ddb.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durability: a write acknowledged with HTTP 200 "has been durably persisted" (developer guide "DynamoDB read
 * consistency", HowItWorks.ReadConsistency.html) and stream records are kept for 24 hours (Streams.html). With a data
 * directory, tables, items and stream records survive an engine restart. Own engines, not the shared one.
 */
class DurabilityConformanceTest {

    @Test
    @DisplayName("Tables, items, indexes, TTL settings and stream records survive a restart on the same data directory")
    void survivesRestart(@TempDir Path dataDir) {
        String table = uniqueName("durable");
        List<Record> recordsBefore;
        TableDescription before;
        Map<String, AttributeValue> itemA = item("pk", s("a"), "g", s("G"), "v", n("1.5"), "l", l(s("x"), nul()));
        Map<String, AttributeValue> itemB = item("pk", s("b"), "bin", b((byte) 0x80), "tags", ss("t1", "t2"));

        try (DynamoEngine first = DynamoEngine.start(EngineOptions.defaults().withDataDir(dataDir));
             DynamoDbClient ddb = Clients.dynamo(first.endpoint());
             DynamoDbStreamsClient streams = Clients.streams(first.endpoint())) {
            createTable(ddb, table, "pk", ScalarAttributeType.S, null, null, b -> b
                    .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("g", ScalarAttributeType.S))
                    .globalSecondaryIndexes(gsi("byG", "g", null, projection(ProjectionType.ALL)))
                    .streamSpecification(stream(StreamViewType.NEW_AND_OLD_IMAGES)));
            ddb.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(t -> t.enabled(true).attributeName("exp")));
            ddb.putItem(r -> r.tableName(table).item(itemA));
            ddb.putItem(r -> r.tableName(table).item(itemB));
            ddb.putItem(r -> r.tableName(table).item(item("pk", s("c"))));
            ddb.deleteItem(r -> r.tableName(table).key(item("pk", s("c"))));
            before = ddb.describeTable(r -> r.tableName(table)).table();
            recordsBefore = Streams.awaitRecords(streams, before.latestStreamArn(), 4);
            assertThat(recordsBefore).hasSize(4);
        }

        try (DynamoEngine second = DynamoEngine.start(EngineOptions.defaults().withDataDir(dataDir));
             DynamoDbClient ddb = Clients.dynamo(second.endpoint());
             DynamoDbStreamsClient streams = Clients.streams(second.endpoint())) {
            assertThat(ddb.listTables().tableNames()).contains(table);
            TableDescription after = ddb.describeTable(r -> r.tableName(table)).table();
            assertThat(after.keySchema()).isEqualTo(before.keySchema());
            assertThat(after.globalSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly("byG");
            assertThat(after.latestStreamArn()).isEqualTo(before.latestStreamArn());
            assertThat(after.itemCount()).isIn(null, 2L);
            assertThat(ddb.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription().timeToLiveStatus())
                    .isIn(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING);

            assertThat(ddb.getItem(r -> r.tableName(table).key(item("pk", s("a"))).consistentRead(true)).item())
                    .isEqualTo(itemA);
            Map<String, AttributeValue> gotB = ddb.getItem(r -> r.tableName(table).key(item("pk", s("b")))
                    .consistentRead(true)).item();
            assertThat(gotB.get("bin")).isEqualTo(itemB.get("bin"));
            assertThat(gotB.get("tags").ss()).containsExactlyInAnyOrder("t1", "t2");
            assertThat(ddb.getItem(r -> r.tableName(table).key(item("pk", s("c"))).consistentRead(true)).hasItem())
                    .isFalse();
            assertThat(ddb.query(r -> r.tableName(table).indexName("byG").keyConditionExpression("g = :g")
                    .expressionAttributeValues(Map.of(":g", s("G")))).items()).containsExactly(itemA);

            List<Record> recordsAfter = Streams.readAll(streams, after.latestStreamArn());
            assertThat(recordsAfter).extracting(r -> r.dynamodb().sequenceNumber())
                    .isEqualTo(recordsBefore.stream().map(r -> r.dynamodb().sequenceNumber()).toList());
            assertThat(recordsAfter).extracting(Record::eventName)
                    .isEqualTo(recordsBefore.stream().map(Record::eventName).toList());
            assertThat(recordsAfter.get(0).dynamodb().newImage()).isEqualTo(itemA);

            // new writes continue the stream after the old records
            ddb.putItem(r -> r.tableName(table).item(item("pk", s("d"))));
            List<Record> all = Streams.awaitRecords(streams, after.latestStreamArn(), 5);
            BigInteger lastOld = new BigInteger(recordsBefore.get(3).dynamodb().sequenceNumber());
            assertThat(new BigInteger(all.get(all.size() - 1).dynamodb().sequenceNumber())).isGreaterThan(lastOld);
        }
    }

    @Test
    @DisplayName("Without a data directory, a new engine starts empty")
    void inMemoryStartsEmpty() {
        String table = uniqueName("ephemeral");
        try (DynamoEngine first = DynamoEngine.start(EngineOptions.defaults());
             DynamoDbClient ddb = Clients.dynamo(first.endpoint())) {
            createSimpleTable(ddb, table);
        }
        try (DynamoEngine second = DynamoEngine.start(EngineOptions.defaults());
             DynamoDbClient ddb = Clients.dynamo(second.endpoint())) {
            assertThat(ddb.listTables().tableNames()).doesNotContain(table);
        }
    }
}
