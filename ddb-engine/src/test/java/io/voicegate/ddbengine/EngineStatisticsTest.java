package io.voicegate.ddbengine;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine counts every call and the units its reads and writes consume, asked for or not. */
class EngineStatisticsTest {

    @Test
    void callsAndUnitsAreCountedWithoutReturnConsumedCapacity() {
        try (DynamoEngine engine = DynamoEngine.start(EngineOptions.defaults());
             DynamoDbClient ddb = DurabilityTest.client(engine)) {
            ddb.createTable(t -> t.tableName("stats").billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH")));
            EngineStatistics.Snapshot before = engine.statistics().snapshot();
            String kilobyteAndAHalf = "x".repeat(1536);
            Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("a"),
                    "v", AttributeValue.fromS(kilobyteAndAHalf));
            ddb.putItem(p -> p.tableName("stats").item(item));                              // 2 WCU: 1.5 KB
            ddb.getItem(g -> g.tableName("stats").key(Map.of("pk", AttributeValue.fromS("a")))); // 0.5 RCU
            ddb.transactWriteItems(t -> t.transactItems(w -> w.put(p -> p.tableName("stats")
                    .item(Map.of("pk", AttributeValue.fromS("b"))))));                         // 2 WCU: doubled
            assertThatThrownBy(() -> ddb.putItem(p -> p.tableName("stats").item(item)
                    .conditionExpression("attribute_not_exists(pk)")))
                    .isInstanceOf(ConditionalCheckFailedException.class);                     // a call, no units

            EngineStatistics.Snapshot used = engine.statistics().snapshot().minus(before);
            assertThat(used.calls()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("PutItem", 2L, "GetItem", 1L, "TransactWriteItems", 1L));
            assertThat(used.totalCalls()).isEqualTo(4);
            assertThat(used.writeUnits()).isEqualTo(2.0 + 2.0);
            assertThat(used.readUnits()).isEqualTo(0.5);
        }
    }
}
