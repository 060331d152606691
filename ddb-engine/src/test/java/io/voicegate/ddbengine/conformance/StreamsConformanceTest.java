package io.voicegate.ddbengine.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.voicegate.ddbengine.conformance.Ddb.*;
import static io.voicegate.ddbengine.conformance.TransactionConformanceTest.put;
import static io.voicegate.ddbengine.conformance.TransactionConformanceTest.update;
import static io.voicegate.ddbengine.conformance.TransactionConformanceTest.delete;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DynamoDB Streams: developer guide "Change data capture for DynamoDB Streams" (Streams.html) and the DynamoDB Streams
 * API reference (ListStreams, DescribeStream, GetShardIterator, GetRecords, Record, StreamRecord).
 */
@ExtendWith(EngineExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsConformanceTest {

    private DynamoDbClient ddb;
    private DynamoDbStreamsClient streams;

    @BeforeAll
    void setUp(DynamoDbClient ddb, DynamoDbStreamsClient streams) {
        this.ddb = ddb;
        this.streams = streams;
    }

    private String streamTable(String prefix, StreamViewType type) {
        String name = uniqueName(prefix);
        createTable(ddb, name, "pk", ScalarAttributeType.S, null, null, b -> b.streamSpecification(stream(type)));
        return name;
    }

    private String arn(String table) {
        return ddb.describeTable(r -> r.tableName(table)).table().latestStreamArn();
    }

    // Streams API reference, ListStreams: "Returns an array of stream ARNs associated with the current account and
    // endpoint. If the TableName parameter is present, then ListStreams will return only the streams ARNs for that
    // table." DescribeStream: StreamStatus ENABLED, StreamViewType, TableName, KeySchema, Shards.
    @Test
    @DisplayName("ListStreams and DescribeStream describe the table's stream")
    void listAndDescribe() {
        String table = streamTable("st-desc", StreamViewType.NEW_AND_OLD_IMAGES);
        String arn = arn(table);
        var listed = streams.listStreams(r -> r.tableName(table)).streams();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).streamArn()).isEqualTo(arn);
        assertThat(listed.get(0).tableName()).isEqualTo(table);
        assertThat(streams.listStreams().streams()).anyMatch(s -> s.streamArn().equals(arn));

        StreamDescription d = streams.describeStream(r -> r.streamArn(arn)).streamDescription();
        assertThat(d.streamArn()).isEqualTo(arn);
        assertThat(d.streamStatus()).isEqualTo(StreamStatus.ENABLED);
        assertThat(d.streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(d.tableName()).isEqualTo(table);
        assertThat(d.keySchema()).containsExactly(hash("pk"));
        assertThat(d.shards()).isNotEmpty();
        Shard first = d.shards().get(0);
        assertThat(first.shardId()).isNotBlank();
        assertThat(first.sequenceNumberRange().startingSequenceNumber()).isNotBlank();
    }

    // Record: eventName INSERT ("a new item was added"), MODIFY ("one or more of an existing item's attributes were
    // modified"), REMOVE ("the item was deleted"); eventSource "aws:dynamodb"; StreamRecord Keys, NewImage, OldImage,
    // SequenceNumber, SizeBytes, StreamViewType, ApproximateCreationDateTime. NEW_AND_OLD_IMAGES carries both images.
    @Test
    @DisplayName("NEW_AND_OLD_IMAGES: INSERT / MODIFY / REMOVE records with keys, images, sequence numbers and times")
    void insertModifyRemove() {
        String table = streamTable("st-iud", StreamViewType.NEW_AND_OLD_IMAGES);
        Instant before = Instant.now().minusSeconds(60);
        Map<String, AttributeValue> v1 = item("pk", s("a"), "v", n(1));
        Map<String, AttributeValue> v2 = item("pk", s("a"), "v", n(2), "w", s("new"));
        ddb.putItem(r -> r.tableName(table).item(v1));
        ddb.updateItem(r -> r.tableName(table).key(item("pk", s("a"))).updateExpression("SET v = :two, w = :w")
                .expressionAttributeValues(Map.of(":two", n(2), ":w", s("new"))));
        ddb.deleteItem(r -> r.tableName(table).key(item("pk", s("a"))));

        List<Record> records = Streams.awaitRecords(streams, arn(table), 3);
        assertThat(records).extracting(Record::eventName)
                .containsExactly(OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE);
        for (Record r : records) {
            assertThat(r.eventSource()).isEqualTo("aws:dynamodb");
            assertThat(r.eventID()).isNotBlank();
            assertThat(r.dynamodb().keys()).isEqualTo(item("pk", s("a")));
            assertThat(r.dynamodb().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
            assertThat(r.dynamodb().approximateCreationDateTime()).isNotNull().isAfter(before);
            assertThat(r.dynamodb().sizeBytes()).isPositive();
        }
        assertThat(records).extracting(Record::eventID).doesNotHaveDuplicates();
        Record insert = records.get(0);
        assertThat(insert.dynamodb().newImage()).isEqualTo(v1);
        assertThat(insert.dynamodb().hasOldImage()).isFalse();
        Record modify = records.get(1);
        assertThat(modify.dynamodb().oldImage()).isEqualTo(v1);
        assertThat(modify.dynamodb().newImage()).isEqualTo(v2);
        Record remove = records.get(2);
        assertThat(remove.dynamodb().oldImage()).isEqualTo(v2);
        assertThat(remove.dynamodb().hasNewImage()).isFalse();
        assertIncreasing(records);
    }

    private static void assertIncreasing(List<Record> records) {
        BigInteger last = BigInteger.valueOf(-1);
        for (Record r : records) {
            BigInteger seq = new BigInteger(r.dynamodb().sequenceNumber());
            assertThat(seq).as("sequence numbers increase").isGreaterThan(last);
            last = seq;
        }
    }

    // StreamViewType KEYS_ONLY — "Only the key attributes of the modified item are written to the stream".
    @Test
    @DisplayName("KEYS_ONLY records carry keys and no images")
    void keysOnly() {
        String table = streamTable("st-keys", StreamViewType.KEYS_ONLY);
        ddb.putItem(r -> r.tableName(table).item(item("pk", s("k"), "v", n(1))));
        ddb.putItem(r -> r.tableName(table).item(item("pk", s("k"), "v", n(2))));
        List<Record> records = Streams.awaitRecords(streams, arn(table), 2);
        assertThat(records).extracting(Record::eventName).containsExactly(OperationType.INSERT, OperationType.MODIFY);
        for (Record r : records) {
            assertThat(r.dynamodb().keys()).isEqualTo(item("pk", s("k")));
            assertThat(r.dynamodb().hasNewImage()).isFalse();
            assertThat(r.dynamodb().hasOldImage()).isFalse();
            assertThat(r.dynamodb().streamViewType()).isEqualTo(StreamViewType.KEYS_ONLY);
        }
    }

    // StreamViewType NEW_IMAGE — "The entire item, as it appears after it was modified".
    @Test
    @DisplayName("NEW_IMAGE records carry the new image only")
    void newImage() {
        String table = streamTable("st-new", StreamViewType.NEW_IMAGE);
        ddb.putItem(r -> r.tableName(table).item(item("pk", s("k"), "v", n(1))));
        ddb.putItem(r -> r.tableName(table).item(item("pk", s("k"), "v", n(2))));
        ddb.deleteItem(r -> r.tableName(table).key(item("pk", s("k"))));
        List<Record> records = Streams.awaitRecords(streams, arn(table), 3);
        assertThat(records.get(0).dynamodb().newImage()).isEqualTo(item("pk", s("k"), "v", n(1)));
        assertThat(records.get(1).dynamodb().newImage()).isEqualTo(item("pk", s("k"), "v", n(2)));
        assertThat(records).allMatch(r -> !r.dynamodb().hasOldImage());
        assertThat(records.get(2).eventName()).isEqualTo(OperationType.REMOVE);
        assertThat(records.get(2).dynamodb().hasNewImage()).isFalse();
    }

    // StreamViewType OLD_IMAGE — "The entire item, as it appeared before it was modified".
    @Test
    @DisplayName("OLD_IMAGE records carry the old image only")
    void oldImage() {
        String table = streamTable("st-old", StreamViewType.OLD_IMAGE);
        ddb.putItem(r -> r.tableName(table).item(item("pk", s("k"), "v", n(1))));
        ddb.putItem(r -> r.tableName(table).item(item("pk", s("k"), "v", n(2))));
        ddb.deleteItem(r -> r.tableName(table).key(item("pk", s("k"))));
        List<Record> records = Streams.awaitRecords(streams, arn(table), 3);
        assertThat(records.get(0).dynamodb().hasOldImage()).isFalse();
        assertThat(records.get(1).dynamodb().oldImage()).isEqualTo(item("pk", s("k"), "v", n(1)));
        assertThat(records.get(2).dynamodb().oldImage()).isEqualTo(item("pk", s("k"), "v", n(2)));
        assertThat(records).allMatch(r -> !r.dynamodb().hasNewImage());
    }

    // Streams.html: "A stream record contains information about a data modification to a single item"; a
    // TransactWriteItems touching three items yields three records, one per item.
    @Test
    @DisplayName("A TransactWriteItems over three items yields three records, one per changed item")
    void transactionRecords() {
        String table = streamTable("st-tx", StreamViewType.NEW_AND_OLD_IMAGES);
        ddb.putItem(r -> r.tableName(table).item(item("pk", s("u"), "v", n(1))));
        ddb.putItem(r -> r.tableName(table).item(item("pk", s("d"))));
        ddb.transactWriteItems(r -> r.transactItems(
                put(table, item("pk", s("p"))),
                update(table, item("pk", s("u")), "SET v = :two", null, Map.of(":two", n(2))),
                delete(table, item("pk", s("d")))));
        List<Record> records = Streams.awaitRecords(streams, arn(table), 5);
        assertThat(records).hasSize(5);
        List<Record> tx = records.subList(2, 5);
        assertThat(tx).extracting(r -> r.dynamodb().keys().get("pk").s() + ":" + r.eventNameAsString())
                .containsExactlyInAnyOrder("p:INSERT", "u:MODIFY", "d:REMOVE");
        assertIncreasing(records);
    }

    // Streams.html: "For each item that is modified in a DynamoDB table, the stream records appear in the same
    // sequence as the actual modifications to the item"; "Each stream record appears exactly once in the stream".
    @Test
    @DisplayName("Records of one item appear once each, in commit order, with increasing sequence numbers")
    void commitOrder() {
        String table = streamTable("st-order", StreamViewType.NEW_IMAGE);
        int writes = 30;
        for (int i = 0; i < writes; i++) {
            int v = i;
            ddb.putItem(r -> r.tableName(table).item(item("pk", s("x" + (v % 3)), "v", n(v))));
        }
        List<Record> records = Streams.awaitRecords(streams, arn(table), writes);
        assertThat(records).hasSize(writes);
        for (int k = 0; k < 3; k++) {
            String pk = "x" + k;
            List<Integer> versions = records.stream().filter(r -> r.dynamodb().keys().get("pk").s().equals(pk))
                    .map(r -> Integer.parseInt(r.dynamodb().newImage().get("v").n())).toList();
            assertThat(versions).isSorted().hasSize(writes / 3);
        }
        assertIncreasing(records);
        assertThat(records).extracting(r -> r.dynamodb().sequenceNumber()).doesNotHaveDuplicates();
    }

    // Streams.html: "DynamoDB Streams writes a stream record with the primary key attributes of the items that were
    // modified" — a write that does not modify the item (a PutItem of an identical item, an UpdateItem that sets the
    // same values) writes no stream record. (See also "Why I had to update my mental model of DynamoDB streams",
    // tecRacer 2021: an identical PutItem produced no record.) A failed conditional write writes none either.
    @Test
    @DisplayName("A write that changes nothing (identical PutItem/UpdateItem, failed condition) writes no stream record")
    void noRecordWithoutChange() {
        String table = streamTable("st-noop", StreamViewType.NEW_AND_OLD_IMAGES);
        Map<String, AttributeValue> it = item("pk", s("same"), "v", n(1), "tags", ss("a", "b"));
        ddb.putItem(r -> r.tableName(table).item(it));
        ddb.putItem(r -> r.tableName(table).item(it));
        ddb.updateItem(r -> r.tableName(table).key(item("pk", s("same"))).updateExpression("SET v = :one")
                .expressionAttributeValues(Map.of(":one", n(1))));
        try {
            ddb.putItem(r -> r.tableName(table).item(item("pk", s("same"), "v", n(5)))
                    .conditionExpression("attribute_not_exists(pk)"));
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException expected) {
            // expected
        }
        ddb.deleteItem(r -> r.tableName(table).key(item("pk", s("never-existed"))));
        // a real change afterwards: its record must directly follow the INSERT
        ddb.putItem(r -> r.tableName(table).item(item("pk", s("same"), "v", n(2))));
        List<Record> records = Streams.awaitRecords(streams, arn(table), 2);
        assertThat(records).extracting(Record::eventName).containsExactly(OperationType.INSERT, OperationType.MODIFY);
    }

    // GetShardIterator, ShardIteratorType: TRIM_HORIZON (the oldest record), LATEST (just after the most recent
    // record, so only new records are read), AT_SEQUENCE_NUMBER (starting at the given sequence number),
    // AFTER_SEQUENCE_NUMBER (right after it).
    @Test
    @DisplayName("GetShardIterator TRIM_HORIZON / LATEST / AT_SEQUENCE_NUMBER / AFTER_SEQUENCE_NUMBER")
    void iteratorTypes() {
        String table = streamTable("st-iter", StreamViewType.KEYS_ONLY);
        String arn = arn(table);
        for (int i = 0; i < 4; i++) {
            int v = i;
            ddb.putItem(r -> r.tableName(table).item(item("pk", s("i" + v))));
        }
        List<Record> all = Streams.awaitRecords(streams, arn, 4);
        List<Shard> shards = Streams.shards(streams, arn);
        assertThat(shards).as("expected a single shard for a small table").hasSize(1);
        String shardId = shards.get(0).shardId();

        List<Record> trim = Streams.drain(streams, iterator(arn, shardId, ShardIteratorType.TRIM_HORIZON, null));
        assertThat(keys(trim)).containsExactly("i0", "i1", "i2", "i3");

        String second = all.get(1).dynamodb().sequenceNumber();
        assertThat(keys(Streams.drain(streams, iterator(arn, shardId, ShardIteratorType.AT_SEQUENCE_NUMBER, second))))
                .containsExactly("i1", "i2", "i3");
        assertThat(keys(Streams.drain(streams, iterator(arn, shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, second))))
                .containsExactly("i2", "i3");

        String latest = iterator(arn, shardId, ShardIteratorType.LATEST, null);
        ddb.putItem(r -> r.tableName(table).item(item("pk", s("i4"))));
        List<Record> fresh = new java.util.ArrayList<>();
        String[] it = {latest};
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                .pollInterval(java.time.Duration.ofMillis(50)).until(() -> {
                    var resp = streams.getRecords(r -> r.shardIterator(it[0]));
                    fresh.addAll(resp.records());
                    if (resp.nextShardIterator() != null) {
                        it[0] = resp.nextShardIterator();
                    }
                    return !fresh.isEmpty();
                });
        assertThat(keys(fresh)).containsExactly("i4");
    }

    private String iterator(String arn, String shardId, ShardIteratorType type, String seq) {
        return streams.getShardIterator(r -> r.streamArn(arn).shardId(shardId).shardIteratorType(type)
                .sequenceNumber(seq)).shardIterator();
    }

    private static List<String> keys(List<Record> records) {
        return records.stream().map(r -> r.dynamodb().keys().get("pk").s()).toList();
    }

    // GetRecords, Limit: "The maximum number of records to return from the shard"; NextShardIterator continues.
    @Test
    @DisplayName("GetRecords Limit returns at most Limit records and NextShardIterator continues")
    void getRecordsLimit() {
        String table = streamTable("st-limit", StreamViewType.KEYS_ONLY);
        String arn = arn(table);
        for (int i = 0; i < 5; i++) {
            int v = i;
            ddb.putItem(r -> r.tableName(table).item(item("pk", s("l" + v))));
        }
        Streams.awaitRecords(streams, arn, 5);
        String shardId = Streams.shards(streams, arn).get(0).shardId();
        String it = iterator(arn, shardId, ShardIteratorType.TRIM_HORIZON, null);
        List<String> seen = new java.util.ArrayList<>();
        for (int i = 0; i < 10 && seen.size() < 5; i++) {
            String current = it;
            var resp = streams.getRecords(r -> r.shardIterator(current).limit(2));
            assertThat(resp.records()).hasSizeLessThanOrEqualTo(2);
            seen.addAll(keys(resp.records()));
            it = resp.nextShardIterator();
        }
        assertThat(seen).containsExactly("l0", "l1", "l2", "l3", "l4");
    }

    // Streams API reference, DescribeStream / GetShardIterator, Errors: ResourceNotFoundException for a stream that
    // does not exist.
    @Test
    @DisplayName("DescribeStream of an unknown stream ARN is ResourceNotFoundException")
    void unknownStream() {
        String table = streamTable("st-unknown", StreamViewType.KEYS_ONLY);
        String bogus = arn(table).replace(table, table + "-nope");
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(
                software.amazon.awssdk.services.dynamodb.model.DynamoDbException.class,
                () -> streams.describeStream(r -> r.streamArn(bogus)));
        assertThat(e).isNotNull();
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
    }

    // API reference, DeleteTable: "If you have DynamoDB Streams enabled on the table, then the corresponding stream
    // on that table goes into the DISABLED state, and the stream is automatically deleted after 24 hours." Its records
    // stay readable meanwhile.
    @Test
    @DisplayName("After DeleteTable the stream is DISABLED and its records are still readable")
    void streamAfterDeleteTable() {
        String table = streamTable("st-deleted", StreamViewType.KEYS_ONLY);
        String arn = arn(table);
        ddb.putItem(r -> r.tableName(table).item(item("pk", s("kept"))));
        Streams.awaitRecords(streams, arn, 1);
        ddb.deleteTable(r -> r.tableName(table));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                .pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> streams.describeStream(r -> r.streamArn(arn)).streamDescription().streamStatus()
                        == StreamStatus.DISABLED);
        assertThat(keys(Streams.readAll(streams, arn))).containsExactly("kept");
    }

    // API reference, UpdateTable, StreamSpecification: streams can be enabled on an existing table ("a new stream
    // ... LatestStreamArn"); "You receive a ValidationException if you try to enable a stream on a table that already
    // has a stream, or if you try to disable a stream on a table that doesn't have a stream."
    @Test
    @DisplayName("UpdateTable enables/disables a stream; enabling twice or disabling none is ValidationException")
    void updateTableStream() {
        String table = uniqueName("st-update");
        createSimpleTable(ddb, table);
        expectValidation(() -> ddb.updateTable(r -> r.tableName(table)
                .streamSpecification(s -> s.streamEnabled(false))));
        ddb.updateTable(r -> r.tableName(table).streamSpecification(stream(StreamViewType.NEW_IMAGE)));
        awaitActive(ddb, table);
        String arn = arn(table);
        assertThat(arn).isNotBlank();
        expectValidation(() -> ddb.updateTable(r -> r.tableName(table)
                .streamSpecification(stream(StreamViewType.NEW_IMAGE))));
        ddb.putItem(r -> r.tableName(table).item(item("pk", s("after-enable"))));
        assertThat(keys(Streams.awaitRecords(streams, arn, 1))).containsExactly("after-enable");

        ddb.updateTable(r -> r.tableName(table).streamSpecification(s -> s.streamEnabled(false)));
        awaitActive(ddb, table);
        ddb.putItem(r -> r.tableName(table).item(item("pk", s("after-disable"))));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                .pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> streams.describeStream(r -> r.streamArn(arn)).streamDescription().streamStatus()
                        == StreamStatus.DISABLED);
        assertThat(keys(Streams.readAll(streams, arn))).containsExactly("after-enable");
    }
}
