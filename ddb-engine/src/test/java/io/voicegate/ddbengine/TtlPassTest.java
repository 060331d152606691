package io.voicegate.ddbengine;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The background TTL pass runs on its configured interval, with no call to {@link DynamoEngine#expireNow()}. */
class TtlPassTest {

    @Test
    void expiredItemsGoWithinTheIntervalAndLiveOnesStay() {
        try (DynamoEngine engine = DynamoEngine.start(EngineOptions.defaults()
                .withTtlInterval(Duration.ofMillis(200)));
             DynamoDbClient ddb = DurabilityTest.client(engine)) {
            ddb.createTable(t -> t.tableName("ttl-pass").billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH")));
            ddb.updateTimeToLive(u -> u.tableName("ttl-pass")
                    .timeToLiveSpecification(s -> s.attributeName("expires").enabled(true)));
            long now = System.currentTimeMillis() / 1000;
            ddb.putItem(p -> p.tableName("ttl-pass").item(Map.of("pk", AttributeValue.fromS("old"),
                    "expires", AttributeValue.fromN(Long.toString(now - 60)))));
            ddb.putItem(p -> p.tableName("ttl-pass").item(Map.of("pk", AttributeValue.fromS("new"),
                    "expires", AttributeValue.fromN(Long.toString(now + 3600)))));

            await().atMost(Duration.ofSeconds(10)).until(() -> !ddb.getItem(g -> g.tableName("ttl-pass")
                    .key(Map.of("pk", AttributeValue.fromS("old")))).hasItem());
            assertThat(ddb.getItem(g -> g.tableName("ttl-pass").key(Map.of("pk", AttributeValue.fromS("new"))))
                    .hasItem()).isTrue();
        }
    }
}
