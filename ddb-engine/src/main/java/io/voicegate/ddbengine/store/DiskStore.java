package io.voicegate.ddbengine.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegate.ddbengine.stream.StreamLog;
import io.voicegate.ddbengine.stream.StreamRecord;
import io.voicegate.ddbengine.value.Value;
import io.voicegate.ddbengine.value.WireValues;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tables, items and stream records on disk, in H2's MVStore (a log-structured key-value store): a map of table
 * definitions, one map of items per table (key JSON → item JSON), a map of streams and one map of records per stream
 * (sequence → record JSON). Every {@link #commit()} is a new MVStore version, so a killed process restarts at its
 * last commit (no fsync per commit: a power cut may lose the latest writes). The in-memory tables stay the engine's
 * index; this store only keeps their bytes.
 */
final class DiskStore implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MVStore store;
    private final MVMap<String, String> tables;
    private final MVMap<String, Long> meta;
    private final MVMap<String, String> streams;

    DiskStore(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        Path file = dir.resolve("tables.mv.db");
        try {
            // no background commits: a transaction's items must reach the file together, at our commit, or not at all
            this.store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        } catch (MVStoreException e) {
            throw new UncheckedIOException(new IOException(e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED
                    ? file + " is in use by another engine (one data directory serves one engine at a time)"
                    : "cannot open " + file + ": " + e.getMessage(), e));
        }
        // old chunks are overwritten as soon as no live version needs them, so the file stays the size of the data;
        // this keeps every commit safe from a killed process (the bytes are in the OS), not from a power cut
        store.setRetentionTime(0);
        store.setVersionsToKeep(0);
        this.tables = store.openMap("tables");
        this.meta = store.openMap("meta");
        this.streams = store.openMap("streams");
    }

    List<TableSchema> schemas() {
        List<TableSchema> schemas = new ArrayList<>();
        for (String json : tables.values()) {
            try {
                schemas.add(JSON.readValue(json, TableSchema.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable table definition in the data directory", e);
            }
        }
        return schemas;
    }

    void putSchema(TableSchema schema) {
        try {
            tables.put(schema.name(), JSON.writeValueAsString(schema));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    void dropTable(String name) {
        tables.remove(name);
        store.removeMap(itemsName(name));
    }

    /** Every stream kept, enabled or disabled, with its state. */
    List<StoredStream> streams() {
        List<StoredStream> out = new ArrayList<>();
        for (String json : streams.values()) {
            JsonNode n = read(json);
            out.add(new StoredStream(new StreamLog.Definition(n.get("arn").asText(), n.get("table").asText(),
                    n.get("label").asText(), n.get("view").asText(), n.get("created").asLong()),
                    n.get("first").asLong(), n.get("disabledAt").asLong(), n.get("last").asLong()));
        }
        return out;
    }

    /** A stream's state on disk: its definition, first sequence and, once disabled, when and after which record. */
    record StoredStream(StreamLog.Definition definition, long firstSequence, long disabledAtMillis,
                        long lastSequence) {
    }

    void putStream(StoredStream stream) {
        ObjectNode n = JSON.createObjectNode();
        StreamLog.Definition d = stream.definition();
        n.put("arn", d.arn());
        n.put("table", d.tableName());
        n.put("label", d.label());
        n.put("view", d.viewType());
        n.put("created", d.createdAtMillis());
        n.put("first", stream.firstSequence());
        n.put("disabledAt", stream.disabledAtMillis());
        n.put("last", stream.lastSequence());
        streams.put(d.arn(), n.toString());
    }

    void dropStream(String arn) {
        streams.remove(arn);
        store.removeMap(streamName(arn));
    }

    long sequence() {
        return meta.getOrDefault("sequence", 0L);
    }

    void sequence(long next) {
        meta.put("sequence", next);
    }

    List<Map<String, Value>> items(String table) {
        List<Map<String, Value>> items = new ArrayList<>();
        MVMap<String, String> map = store.openMap(itemsName(table));
        for (String json : map.values()) {
            items.add(WireValues.item(read(json)));
        }
        return items;
    }

    void putItem(String table, Map<String, Value> key, Map<String, Value> item) {
        MVMap<String, String> map = store.openMap(itemsName(table));
        String k = WireValues.json(key).toString();
        if (item == null) {
            map.remove(k);
        } else {
            map.put(k, WireValues.json(item).toString());
        }
    }

    List<StreamRecord> records(String streamArn) {
        List<StreamRecord> records = new ArrayList<>();
        MVMap<Long, String> map = store.openMap(streamName(streamArn));
        for (String json : map.values()) {
            JsonNode n = read(json);
            records.add(new StreamRecord(n.get("seq").asLong(), n.get("event").asText(), n.get("at").asLong(),
                    WireValues.item(n.get("keys")), n.has("old") ? WireValues.item(n.get("old")) : null,
                    n.has("new") ? WireValues.item(n.get("new")) : null, n.get("service").asBoolean()));
        }
        return records;
    }

    void putRecord(String streamArn, StreamRecord record) {
        ObjectNode n = JSON.createObjectNode();
        n.put("seq", record.sequence());
        n.put("event", record.eventName());
        n.put("at", record.createdAtMillis());
        n.set("keys", WireValues.json(record.keys()));
        if (record.oldImage() != null) {
            n.set("old", WireValues.json(record.oldImage()));
        }
        if (record.newImage() != null) {
            n.set("new", WireValues.json(record.newImage()));
        }
        n.put("service", record.byService());
        store.<Long, String>openMap(streamName(streamArn)).put(record.sequence(), n.toString());
    }

    void removeRecordsBefore(String streamArn, long sequence) {
        MVMap<Long, String> map = store.openMap(streamName(streamArn));
        for (Long k = map.firstKey(); k != null && k < sequence; k = map.firstKey()) {
            map.remove(k);
        }
    }

    /** Makes every change since the last commit durable against a killed process. */
    void commit() {
        store.commit();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable record in the data directory", e);
        }
    }

    private static String itemsName(String table) {
        return "items:" + table;
    }

    private static String streamName(String streamArn) {
        return "stream:" + streamArn;
    }

    @Override
    public void close() {
        store.close();
    }
}
