package io.voicegate.ddbengine.conformance;

import io.voicegate.ddbengine.DynamoEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.voicegate.ddbengine.conformance.Ddb.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** UpdateTimeToLive / DescribeTimeToLive and the TTL deletion pass ({@link DynamoEngine#expireNow()}). */
@ExtendWith(EngineExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimeToLiveConformanceTest {

    private DynamoDbClient ddb;
    private DynamoDbStreamsClient streams;
    private DynamoEngine engine;

    @BeforeAll
    void setUp(DynamoDbClient ddb, DynamoDbStreamsClient streams, DynamoEngine engine) {
        this.ddb = ddb;
        this.streams = streams;
        this.engine = engine;
    }

    private String ttlTable(String prefix) {
        String name = uniqueName(prefix);
        createTable(ddb, name, "pk", software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType.S, null, null,
                b -> b.streamSpecification(stream(StreamViewType.NEW_AND_OLD_IMAGES)));
        ddb.updateTimeToLive(r -> r.tableName(name).timeToLiveSpecification(t -> t.enabled(true).attributeName("expiresAt")));
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() ->
                ddb.describeTimeToLive(r -> r.tableName(name)).timeToLiveDescription().timeToLiveStatus()
                        == TimeToLiveStatus.ENABLED);
        return name;
    }

    // API reference, DescribeTimeToLive: TimeToLiveDescription {TimeToLiveStatus: ENABLING|DISABLING|ENABLED|DISABLED,
    // AttributeName}; a table without TTL is DISABLED. UpdateTimeToLive returns the TimeToLiveSpecification.
    @Test
    @DisplayName("UpdateTimeToLive enables TTL; DescribeTimeToLive reports status and attribute name")
    void updateAndDescribeTtl() {
        String name = uniqueName("ttl-desc");
        createSimpleTable(ddb, name);
        assertThat(ddb.describeTimeToLive(r -> r.tableName(name)).timeToLiveDescription().timeToLiveStatus())
                .isEqualTo(TimeToLiveStatus.DISABLED);
        var spec = ddb.updateTimeToLive(r -> r.tableName(name)
                .timeToLiveSpecification(t -> t.enabled(true).attributeName("expiresAt"))).timeToLiveSpecification();
        assertThat(spec.enabled()).isTrue();
        assertThat(spec.attributeName()).isEqualTo("expiresAt");
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            TimeToLiveDescription d = ddb.describeTimeToLive(r -> r.tableName(name)).timeToLiveDescription();
            assertThat(d.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
            assertThat(d.attributeName()).isEqualTo("expiresAt");
        });
    }

    // Developer guide, "Time to Live (TTL)" / "Working with expired items": items whose TTL attribute (a Number, epoch
    // seconds) is in the past are deleted by the TTL process; items without the attribute, with a non-Number value, or
    // with a future time are kept.
    @Test
    @DisplayName("TTL pass deletes exactly the items whose TTL number is in the past")
    void expiredItemsDeleted() {
        String name = ttlTable("ttl-exp");
        long now = Instant.now().getEpochSecond();
        ddb.putItem(r -> r.tableName(name).item(item("pk", s("past"), "expiresAt", n(now - 3600))));
        ddb.putItem(r -> r.tableName(name).item(item("pk", s("future"), "expiresAt", n(now + 86_400))));
        ddb.putItem(r -> r.tableName(name).item(item("pk", s("none"))));
        ddb.putItem(r -> r.tableName(name).item(item("pk", s("string"), "expiresAt", s(Long.toString(now - 3600)))));

        engine.expireNow();

        assertThat(get(name, "past")).isEmpty();
        assertThat(get(name, "future")).isNotEmpty();
        assertThat(get(name, "none")).isNotEmpty();
        assertThat(get(name, "string")).isNotEmpty();
    }

    // API reference, Streams Record: "userIdentity — Items that are deleted by the Time to Live process after
    // expiration have the following fields: Records[].userIdentity.type "Service",
    // Records[].userIdentity.principalId "dynamodb.amazonaws.com"". A user's DeleteItem has no userIdentity.
    @Test
    @DisplayName("TTL deletions appear on the stream as REMOVE records with userIdentity Service/dynamodb.amazonaws.com")
    void ttlDeletionOnStream() {
        String name = ttlTable("ttl-stream");
        String arn = ddb.describeTable(r -> r.tableName(name)).table().latestStreamArn();
        long now = Instant.now().getEpochSecond();
        Map<String, AttributeValue> expired = item("pk", s("gone"), "expiresAt", n(now - 10), "v", s("old"));
        ddb.putItem(r -> r.tableName(name).item(expired));
        ddb.putItem(r -> r.tableName(name).item(item("pk", s("byUser"))));
        ddb.deleteItem(r -> r.tableName(name).key(item("pk", s("byUser"))));

        engine.expireNow();

        List<Record> records = Streams.awaitRecords(streams, arn, 4);
        assertThat(records).hasSize(4);
        Record userDelete = records.get(2);
        assertThat(userDelete.eventName()).isEqualTo(OperationType.REMOVE);
        assertThat(userDelete.userIdentity()).isNull();

        Record ttlDelete = records.get(3);
        assertThat(ttlDelete.eventName()).isEqualTo(OperationType.REMOVE);
        assertThat(ttlDelete.dynamodb().keys()).isEqualTo(item("pk", s("gone")));
        assertThat(ttlDelete.dynamodb().oldImage()).isEqualTo(expired);
        assertThat(ttlDelete.userIdentity()).isNotNull();
        assertThat(ttlDelete.userIdentity().type()).isEqualTo("Service");
        assertThat(ttlDelete.userIdentity().principalId()).isEqualTo("dynamodb.amazonaws.com");
    }

    // API reference, UpdateTimeToLive: "It can take up to one hour for the change to fully process. Any additional
    // UpdateTimeToLive calls for the same table during this one hour duration result in a ValidationException."
    @Test
    @DisplayName("UpdateTimeToLive again within the hour is ValidationException")
    void secondUpdateWithinTheHour() {
        String name = ttlTable("ttl-twice");
        expectValidation(() -> ddb.updateTimeToLive(r -> r.tableName(name)
                .timeToLiveSpecification(t -> t.enabled(false).attributeName("expiresAt"))));
        // TTL is still on: expired items are still deleted
        long now = Instant.now().getEpochSecond();
        ddb.putItem(r -> r.tableName(name).item(item("pk", s("still"), "expiresAt", n(now - 3600))));
        engine.expireNow();
        assertThat(get(name, "still")).isEmpty();
    }

    private Map<String, AttributeValue> get(String table, String pk) {
        return ddb.getItem(r -> r.tableName(table).key(item("pk", s(pk))).consistentRead(true)).item();
    }
}
