package io.voicegate.ddbengine.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegate.ddbengine.DynamoError;
import io.voicegate.ddbengine.store.Database;
import io.voicegate.ddbengine.store.Table;
import io.voicegate.ddbengine.stream.StreamLog;
import io.voicegate.ddbengine.stream.StreamRecord;
import io.voicegate.ddbengine.value.Values;
import io.voicegate.ddbengine.value.WireValues;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * DynamoDB Streams: {@code ListStreams}, {@code DescribeStream}, {@code GetShardIterator}, {@code GetRecords}
 * (DynamoDB Streams API reference). Each stream has one shard. A shard iterator is an opaque token naming the stream,
 * the shard and the next sequence to read; it expires 15 minutes after it was issued.
 */
final class StreamOperations {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long ITERATOR_MILLIS = 15 * 60 * 1000;

    private final Database db;

    StreamOperations(Database db) {
        this.db = db;
    }

    ObjectNode listStreams(JsonNode request) {
        String tableName = Params.text(request, "TableName");
        int limit = Params.bounded(request, "Limit", 1, 100, 100);
        String after = Params.text(request, "ExclusiveStartStreamArn");
        ObjectNode response = JSON.objectNode();
        ArrayNode streams = response.putArray("Streams");
        boolean passed = after == null;
        String last = null;
        for (StreamLog log : db.streams()) {
            String table = log.definition().tableName();
            if (tableName != null && !tableName.equals(table)) {
                continue;
            }
            if (!passed) {
                passed = log.arn().equals(after);
                continue;
            }
            if (streams.size() == limit) {
                response.put("LastEvaluatedStreamArn", last);
                break;
            }
            ObjectNode stream = streams.addObject();
            stream.put("StreamArn", log.arn());
            stream.put("TableName", table);
            stream.put("StreamLabel", log.label());
            last = log.arn();
        }
        return response;
    }

    ObjectNode describeStream(JsonNode request) {
        StreamLog log = stream(Params.text(request, "StreamArn"));
        ObjectNode response = JSON.objectNode();
        ObjectNode d = response.putObject("StreamDescription");
        d.put("StreamArn", log.arn());
        d.put("StreamLabel", log.label());
        d.put("StreamStatus", log.enabled() ? "ENABLED" : "DISABLED");
        d.put("StreamViewType", log.viewType());
        d.put("CreationRequestDateTime", log.definition().createdAtMillis() / 1000.0);
        d.put("TableName", log.definition().tableName());
        Table table = liveTable(log);
        if (table != null) {
            d.set("KeySchema", TableOperations.keySchemaJson(table.schema().partitionKey(), table.schema().sortKey()));
        }
        ArrayNode shards = d.putArray("Shards");
        String after = Params.text(request, "ExclusiveStartShardId");
        if (after == null || !after.equals(log.shardId())) {
            ObjectNode shard = shards.addObject();
            shard.put("ShardId", log.shardId());
            ObjectNode range = shard.putObject("SequenceNumberRange");
            range.put("StartingSequenceNumber", StreamRecord.sequenceNumber(log.trimHorizon()));
            if (!log.enabled()) {
                range.put("EndingSequenceNumber", StreamRecord.sequenceNumber(Math.max(0, log.lastSequence())));
            }
        }
        return response;
    }

    ObjectNode getShardIterator(JsonNode request) {
        StreamLog log = stream(Params.text(request, "StreamArn"));
        String shardId = Params.text(request, "ShardId");
        if (!log.shardId().equals(shardId)) {
            throw DynamoError.resourceNotFound("Requested resource not found: Shard does not exist");
        }
        String type = String.valueOf(Params.text(request, "ShardIteratorType"));
        long position = switch (type) {
            case "TRIM_HORIZON" -> log.trimHorizon();
            case "LATEST" -> log.enabled() ? db.nextSequence() : log.lastSequence() + 1;
            case "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER" -> {
                long sequence = StreamRecord.sequence(Params.text(request, "SequenceNumber"));
                if (sequence < 0 || sequence >= db.nextSequence()) {
                    throw DynamoError.validation("Invalid SequenceNumber for ShardIteratorType " + type);
                }
                if (sequence < log.trimHorizon()) {
                    throw new DynamoError("TrimmedDataAccessException", 400, "The operation attempted to read past "
                            + "the oldest stream record in a shard.");
                }
                yield type.equals("AT_SEQUENCE_NUMBER") ? sequence : sequence + 1;
            }
            default -> throw DynamoError.validation("1 validation error detected: Value '" + type + "' at "
                    + "'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[AFTER_SEQUENCE_NUMBER, LATEST, AT_SEQUENCE_NUMBER, TRIM_HORIZON]");
        };
        ObjectNode response = JSON.objectNode();
        response.put("ShardIterator", iterator(log, position));
        return response;
    }

    ObjectNode getRecords(JsonNode request) {
        String iterator = Params.text(request, "ShardIterator");
        int limit = Params.bounded(request, "Limit", 1, 1000, 1000);
        Position at = Position.decode(iterator);
        StreamLog log = at == null ? null : db.streamByArn(at.arn());
        if (log == null || at.sequence() < 0 || at.sequence() > db.nextSequence()) {
            throw DynamoError.validation("Invalid ShardIterator");
        }
        long position = at.sequence();
        long issued = at.issuedMillis();
        if (db.clock().millis() - issued > ITERATOR_MILLIS) {
            throw new DynamoError("ExpiredIteratorException", 400, "Iterator expired. The iterator was created more "
                    + "than 15 minutes ago");
        }
        if (position < log.trimHorizon()) {
            throw new DynamoError("TrimmedDataAccessException", 400, "The operation attempted to read past the "
                    + "oldest stream record in a shard.");
        }
        List<StreamRecord> records = log.read(position, limit);
        ObjectNode response = JSON.objectNode();
        ArrayNode out = response.putArray("Records");
        for (StreamRecord r : records) {
            out.add(json(r, log.viewType()));
        }
        long next = records.isEmpty() ? position : records.get(records.size() - 1).sequence() + 1;
        // a closed shard read to its end has no next iterator: that is how a reader knows it is finished
        if (log.enabled() || next <= log.lastSequence()) {
            response.put("NextShardIterator", iterator(log, next));
        }
        return response;
    }

    private ObjectNode json(StreamRecord r, String viewType) {
        ObjectNode record = JSON.objectNode();
        record.put("eventID", UUID.nameUUIDFromBytes(r.sequenceNumber().getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", ""));
        record.put("eventName", r.eventName());
        record.put("eventVersion", "1.1");
        record.put("eventSource", "aws:dynamodb");
        record.put("awsRegion", db.region());
        ObjectNode d = record.putObject("dynamodb");
        d.put("ApproximateCreationDateTime", r.createdAtMillis() / 1000);
        d.set("Keys", WireValues.json(r.keys()));
        int size = Values.itemSize(r.keys());
        boolean withNew = viewType.equals("NEW_IMAGE") || viewType.equals("NEW_AND_OLD_IMAGES");
        boolean withOld = viewType.equals("OLD_IMAGE") || viewType.equals("NEW_AND_OLD_IMAGES");
        if (withNew && r.newImage() != null) {
            d.set("NewImage", WireValues.json(r.newImage()));
            size += Values.itemSize(r.newImage());
        }
        if (withOld && r.oldImage() != null) {
            d.set("OldImage", WireValues.json(r.oldImage()));
            size += Values.itemSize(r.oldImage());
        }
        d.put("SequenceNumber", r.sequenceNumber());
        d.put("SizeBytes", size);
        d.put("StreamViewType", viewType);
        if (r.byService()) {
            ObjectNode identity = record.putObject("userIdentity");
            identity.put("Type", "Service");
            identity.put("PrincipalId", "dynamodb.amazonaws.com");
        }
        return record;
    }

    private String iterator(StreamLog log, long position) {
        return new Position(log.arn(), position, db.clock().millis()).encode();
    }

    /** What a shard iterator names: the stream, the next sequence to read, and when the iterator was issued. */
    private record Position(String arn, long sequence, long issuedMillis) {

        String encode() {
            String raw = arn + "|" + sequence + "|" + issuedMillis;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        /** The position an iterator names, or null for text that is no iterator of this engine. */
        static Position decode(String iterator) {
            if (iterator == null || iterator.isEmpty() || iterator.length() > 2048) {
                return null;
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(iterator), StandardCharsets.UTF_8)
                        .split("\\|");
                return parts.length == 3 ? new Position(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2]))
                        : null;
            } catch (IllegalArgumentException e) { // bad base64 or a number that is none
                return null;
            }
        }
    }

    private StreamLog stream(String arn) {
        StreamLog log = arn == null ? null : db.streamByArn(arn);
        if (log == null) {
            throw DynamoError.resourceNotFound("Requested resource not found: Stream: " + arn + " not found");
        }
        return log;
    }

    /** The table the stream belongs to, or null when it has been deleted. */
    private Table liveTable(StreamLog log) {
        return db.findTable(log.definition().tableName());
    }
}
