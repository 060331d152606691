package io.voicegate.local.eventsource;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Shard rollover, which a local engine does not do on demand, on an in-memory stream. */
class DynamoStreamShardsTest {

    private static final String ARN = "arn:aws:dynamodb:local:000000000000:table/T/stream/2026-03-01T00:00:00.000";

    private final InMemoryStream stream = new InMemoryStream();

    @Test
    void aChildShardIsReadFromItsStartOnlyOnceItsParentIsReadToItsEnd() {
        stream.shard("parent", null);
        stream.append("parent", "p1");
        stream.shard("child", "parent");
        stream.append("child", "c1");
        DynamoStreamShards shards = new DynamoStreamShards(stream, ARN, false);

        assertThat(keys(shards.read())).containsExactly(Map.entry("parent", List.of("p1")));
        stream.append("parent", "p2");
        stream.close("parent");

        assertThat(keys(shards.read())).containsExactly(Map.entry("parent", List.of("p2")),
                Map.entry("child", List.of("c1")));
        stream.append("child", "c2");
        assertThat(keys(shards.read())).containsExactly(Map.entry("child", List.of("c2")));
    }

    @Test
    void latestSkipsClosedShardsAndStartsOpenOnesAtTheirEnd() {
        stream.shard("parent", null);
        stream.append("parent", "old1");
        stream.close("parent");
        stream.shard("child", "parent");
        stream.append("child", "old2");
        DynamoStreamShards shards = new DynamoStreamShards(stream, ARN, true);

        stream.append("child", "new");

        assertThat(keys(shards.read())).containsExactly(Map.entry("child", List.of("new")));
    }

    @Test
    void atLatestAShardThatAppearsLaterIsReadFromItsStart() {
        stream.shard("first", null);
        DynamoStreamShards shards = new DynamoStreamShards(stream, ARN, true);
        assertThat(keys(shards.read())).containsExactly(Map.entry("first", List.of()));

        stream.close("first");
        stream.shard("second", "first");
        stream.append("second", "s1");

        assertThat(keys(shards.read())).containsExactly(Map.entry("first", List.of()),
                Map.entry("second", List.of("s1")));
    }

    @Test
    void aShardWhoseParentWasTrimmedAwayIsReadAtOnce() {
        stream.shard("orphan", "trimmed");
        stream.append("orphan", "o1");

        assertThat(keys(new DynamoStreamShards(stream, ARN, false).read()))
                .containsExactly(Map.entry("orphan", List.of("o1")));
    }

    @Test
    void anExpiredIteratorResumesAfterTheLastRecordRead() {
        stream.shard("only", null);
        stream.append("only", "a");
        DynamoStreamShards shards = new DynamoStreamShards(stream, ARN, false);
        assertThat(keys(shards.read())).containsExactly(Map.entry("only", List.of("a")));
        stream.append("only", "b");

        stream.expireNextRead();

        assertThat(keys(shards.read())).containsExactly(Map.entry("only", List.of()));
        assertThat(keys(shards.read())).containsExactly(Map.entry("only", List.of("b")));
    }

    private static Map<String, List<String>> keys(Map<String, List<Record>> read) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        read.forEach((shard, records) -> keys.put(shard, records.stream()
                .map(r -> r.dynamodb().keys().get("id").s()).toList()));
        return keys;
    }

    /** A DynamoDB stream in memory: shards with parents, records the test appends, shards the test closes. */
    private static final class InMemoryStream implements DynamoDbStreamsClient {

        private final Map<String, String> parents = new LinkedHashMap<>();
        private final Map<String, List<Record>> records = new LinkedHashMap<>();
        private final List<String> closed = new ArrayList<>();
        private long sequence = 100;
        private boolean expireNextRead;

        void shard(String id, String parent) {
            parents.put(id, parent);
            records.put(id, new ArrayList<>());
        }

        void append(String shard, String key) {
            records.get(shard).add(Record.builder().eventID(key).eventName(OperationType.INSERT)
                    .dynamodb(d -> d.keys(Map.of("id", AttributeValue.fromS(key)))
                            .sequenceNumber(Long.toString(sequence++))).build());
        }

        void close(String shard) {
            closed.add(shard);
        }

        void expireNextRead() {
            expireNextRead = true;
        }

        @Override
        public DescribeStreamResponse describeStream(DescribeStreamRequest request) {
            List<Shard> shards = new ArrayList<>();
            parents.forEach((id, parent) -> shards.add(Shard.builder().shardId(id).parentShardId(parent)
                    .sequenceNumberRange(r -> r.startingSequenceNumber("1")
                            .endingSequenceNumber(closed.contains(id) ? "999" : null)).build()));
            return DescribeStreamResponse.builder().streamDescription(d -> d.streamArn(ARN).shards(shards)).build();
        }

        @Override
        public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
            List<Record> shard = records.get(request.shardId());
            int position = switch (request.shardIteratorType()) {
                case TRIM_HORIZON -> 0;
                case LATEST -> shard.size();
                case AFTER_SEQUENCE_NUMBER -> indexOf(shard, request.sequenceNumber()) + 1;
                default -> indexOf(shard, request.sequenceNumber());
            };
            return GetShardIteratorResponse.builder().shardIterator(request.shardId() + "/" + position).build();
        }

        @Override
        public GetRecordsResponse getRecords(GetRecordsRequest request) {
            if (expireNextRead) {
                expireNextRead = false;
                throw ExpiredIteratorException.builder().message("iterator expired").build();
            }
            String[] iterator = request.shardIterator().split("/");
            List<Record> shard = records.get(iterator[0]);
            int from = Integer.parseInt(iterator[1]);
            List<Record> read = List.copyOf(shard.subList(from, shard.size()));
            String next = closed.contains(iterator[0]) ? null : iterator[0] + "/" + shard.size();
            return GetRecordsResponse.builder().records(read).nextShardIterator(next).build();
        }

        private static int indexOf(List<Record> shard, String sequenceNumber) {
            for (int i = 0; i < shard.size(); i++) {
                if (shard.get(i).dynamodb().sequenceNumber().equals(sequenceNumber)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("no record " + sequenceNumber);
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    }
}
