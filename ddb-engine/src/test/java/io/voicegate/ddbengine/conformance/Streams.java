package io.voicegate.ddbengine.conformance;

import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.awaitility.Awaitility.await;

/** Reads a DynamoDB stream the way a consumer does: DescribeStream, GetShardIterator, GetRecords. */
final class Streams {

    private Streams() {
    }

    /** Every shard of the stream, parents before children (DescribeStream paged with ExclusiveStartShardId). */
    static List<Shard> shards(DynamoDbStreamsClient streams, String streamArn) {
        List<Shard> all = new ArrayList<>();
        String start = null;
        do {
            String exclusiveStart = start;
            StreamDescription d = streams.describeStream(r -> r.streamArn(streamArn).exclusiveStartShardId(exclusiveStart))
                    .streamDescription();
            all.addAll(d.shards());
            start = d.lastEvaluatedShardId();
        } while (start != null);
        // parents first
        List<Shard> ordered = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        while (ordered.size() < all.size()) {
            boolean progressed = false;
            for (Shard shard : all) {
                if (placed.contains(shard.shardId())) {
                    continue;
                }
                String parent = shard.parentShardId();
                boolean parentKnown = parent != null && all.stream().anyMatch(s -> s.shardId().equals(parent));
                if (!parentKnown || placed.contains(parent)) {
                    ordered.add(shard);
                    placed.add(shard.shardId());
                    progressed = true;
                }
            }
            if (!progressed) {
                throw new IllegalStateException("shard parent cycle: " + all);
            }
        }
        return ordered;
    }

    /** All records of the stream now, shard by shard from TRIM_HORIZON. */
    static List<Record> readAll(DynamoDbStreamsClient streams, String streamArn) {
        List<Record> records = new ArrayList<>();
        for (Shard shard : shards(streams, streamArn)) {
            String iterator = streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            records.addAll(drain(streams, iterator));
        }
        return records;
    }

    /** Follows an iterator until a GetRecords call answers nothing (or the shard is closed). */
    static List<Record> drain(DynamoDbStreamsClient streams, String iterator) {
        List<Record> records = new ArrayList<>();
        String it = iterator;
        for (int i = 0; i < 1000 && it != null; i++) {
            String current = it;
            GetRecordsResponse response = streams.getRecords(r -> r.shardIterator(current));
            records.addAll(response.records());
            it = response.nextShardIterator();
            if (response.records().isEmpty()) {
                break;
            }
        }
        return records;
    }

    /** Waits (near-real time, as documented) until the stream holds at least {@code count} records; returns them. */
    static List<Record> awaitRecords(DynamoDbStreamsClient streams, String streamArn, int count) {
        List<List<Record>> holder = new ArrayList<>();
        holder.add(List.of());
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
            holder.set(0, readAll(streams, streamArn));
            return holder.get(0).size() >= count;
        });
        return holder.get(0);
    }
}
