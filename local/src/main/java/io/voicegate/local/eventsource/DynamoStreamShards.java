package io.voicegate.local.eventsource;

import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a DynamoDB stream shard by shard, as Lambda's poller does: a shard is read from its start once its parent has
 * been read to its end (or has been trimmed away), so one item's changes arrive in order across shard rollovers.
 * Starting at LATEST positions every shard open now at its end; shards that appear afterwards are read from their
 * start. Not thread-safe: one event source thread owns it.
 */
final class DynamoStreamShards {

    private static final int MAX_RECORDS_PER_READ = 1000;

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final Map<String, Cursor> shards = new LinkedHashMap<>();

    private static final class Cursor {
        final String shardId;
        final String parentId;
        ShardIteratorType startAt = ShardIteratorType.TRIM_HORIZON;
        String iterator;
        String lastSequenceNumber;
        boolean started;
        boolean finished;

        Cursor(String shardId, String parentId) {
            this.shardId = shardId;
            this.parentId = parentId;
        }
    }

    /** Positions the reader now, so that with {@code fromLatest} every change made after this returns is read. */
    DynamoStreamShards(DynamoDbStreamsClient streams, String streamArn, boolean fromLatest) {
        this.streams = streams;
        this.streamArn = streamArn;
        for (Shard shard : describe()) {
            Cursor cursor = new Cursor(shard.shardId(), shard.parentShardId());
            if (fromLatest) {
                boolean open = shard.sequenceNumberRange() == null
                        || shard.sequenceNumberRange().endingSequenceNumber() == null;
                cursor.finished = !open;
                cursor.startAt = ShardIteratorType.LATEST;
                if (open) {
                    cursor.iterator = iterator(cursor, ShardIteratorType.LATEST);
                    cursor.started = true;
                }
            }
            shards.put(shard.shardId(), cursor);
        }
    }

    /**
     * One read of every shard that can be read now, parents before children. Each entry is one shard's next records
     * in stream order (possibly none); reading a shard again continues after them.
     */
    Map<String, List<Record>> read() {
        for (Shard shard : describe()) {
            shards.computeIfAbsent(shard.shardId(), id -> new Cursor(id, shard.parentShardId()));
        }
        Map<String, List<Record>> read = new LinkedHashMap<>();
        for (Cursor cursor : shards.values()) {
            if (cursor.finished || (!cursor.started && !parentFinished(cursor))) {
                continue;
            }
            if (!cursor.started) {
                cursor.iterator = iterator(cursor, cursor.startAt);
                cursor.started = true;
            }
            read.put(cursor.shardId, next(cursor));
        }
        return read;
    }

    private List<Record> next(Cursor cursor) {
        GetRecordsResponse response;
        try {
            response = streams.getRecords(g -> g.shardIterator(cursor.iterator).limit(MAX_RECORDS_PER_READ));
        } catch (ExpiredIteratorException e) {
            cursor.iterator = cursor.lastSequenceNumber == null ? iterator(cursor, cursor.startAt)
                    : iterator(cursor, ShardIteratorType.AFTER_SEQUENCE_NUMBER);
            return List.of();
        } catch (TrimmedDataAccessException e) {
            cursor.iterator = iterator(cursor, ShardIteratorType.TRIM_HORIZON);
            return List.of();
        }
        cursor.iterator = response.nextShardIterator();
        cursor.finished = cursor.iterator == null;
        List<Record> records = response.records();
        if (!records.isEmpty()) {
            cursor.lastSequenceNumber = records.get(records.size() - 1).dynamodb().sequenceNumber();
        }
        return records;
    }

    private boolean parentFinished(Cursor cursor) {
        Cursor parent = cursor.parentId == null ? null : shards.get(cursor.parentId);
        return parent == null || parent.finished;
    }

    private String iterator(Cursor cursor, ShardIteratorType type) {
        return streams.getShardIterator(g -> {
            g.streamArn(streamArn).shardId(cursor.shardId).shardIteratorType(type);
            if (type == ShardIteratorType.AFTER_SEQUENCE_NUMBER) {
                g.sequenceNumber(cursor.lastSequenceNumber);
            }
        }).shardIterator();
    }

    private List<Shard> describe() {
        List<Shard> all = new ArrayList<>();
        String after = null;
        do {
            String start = after;
            StreamDescription page = streams.describeStream(d -> d.streamArn(streamArn).exclusiveStartShardId(start))
                    .streamDescription();
            all.addAll(page.shards());
            after = page.lastEvaluatedShardId();
        } while (after != null);
        return all;
    }
}
