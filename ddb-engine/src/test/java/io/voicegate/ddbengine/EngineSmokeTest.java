package io.voicegate.ddbengine;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine's first life: one SDK session through table, item, transaction and stream calls. */
class EngineSmokeTest {

    @Test
    void oneSessionThroughTheSdk() {
        try (DynamoEngine engine = DynamoEngine.start(EngineOptions.defaults());
             DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(engine.endpoint())
                     .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                     .build();
             DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().endpointOverride(engine.endpoint())
                     .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                     .build()) {
            ddb.createTable(t -> t.tableName("smoke").billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"),
                            a -> a.attributeName("sk").attributeType("N"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH"), k -> k.attributeName("sk").keyType("RANGE"))
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
            ddb.putItem(p -> p.tableName("smoke").item(Map.of("pk", s("a"), "sk", n("1"), "v", n("10"))));
            ddb.updateItem(u -> u.tableName("smoke").key(Map.of("pk", s("a"), "sk", n("1")))
                    .updateExpression("SET v = v + :d").expressionAttributeValues(Map.of(":d", n("5"))));
            assertThat(ddb.getItem(g -> g.tableName("smoke").key(Map.of("pk", s("a"), "sk", n("1")))).item().get("v").n())
                    .isEqualTo("15");
            assertThatThrownBy(() -> ddb.putItem(p -> p.tableName("smoke")
                    .item(Map.of("pk", s("a"), "sk", n("1"))).conditionExpression("attribute_not_exists(pk)")))
                    .isInstanceOf(ConditionalCheckFailedException.class);
            ddb.transactWriteItems(t -> t.transactItems(
                    i -> i.put(p -> p.tableName("smoke").item(Map.of("pk", s("a"), "sk", n("2"))))));
            assertThat(ddb.query(q -> q.tableName("smoke").keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", s("a")))).count()).isEqualTo(2);
            String arn = ddb.describeTable(d -> d.tableName("smoke")).table().latestStreamArn();
            String shard = streams.describeStream(d -> d.streamArn(arn)).streamDescription().shards().get(0).shardId();
            String it = streams.getShardIterator(g -> g.streamArn(arn).shardId(shard)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            assertThat(streams.getRecords(g -> g.shardIterator(it)).records())
                    .extracting(r -> r.eventNameAsString()).containsExactly("INSERT", "MODIFY", "INSERT");
        }
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }
}
