package io.voicegate.ddbengine.store;

import io.voicegate.ddbengine.DynamoError;
import io.voicegate.ddbengine.EngineStatistics;
import io.voicegate.ddbengine.stream.StreamLog;
import io.voicegate.ddbengine.stream.StreamRecord;
import io.voicegate.ddbengine.value.Value;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine's tables and streams. Every write, single-item or transactional, runs under one lock: its conditions
 * are checked and its changes applied while no other write runs, which makes item writes strictly serialisable and
 * a transaction atomic and isolated across every item and table it touches. Reads take no lock; a single-item read
 * sees an item before or after any write, never in between.
 */
public final class Database implements AutoCloseable {

    /** One item changed by a write: {@code before} or {@code after} is null for an insert or a delete. */
    public record Change(Table table, Table.Key key, Map<String, Value> before, Map<String, Value> after,
                         boolean byService) {
    }

    private static final String ACCOUNT = "000000000000";

    private final String region;
    private final Clock clock;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Map<String, Table> tables = new ConcurrentSkipListMap<>();
    /** Every stream by ARN, enabled or disabled (a disabled one is kept for 24 hours). */
    private final Map<String, StreamLog> streams = new ConcurrentSkipListMap<>();
    /** The enabled stream of each table that has one: looked up on every write, so kept apart from the ARN map. */
    private final Map<String, StreamLog> enabledStreams = new ConcurrentSkipListMap<>();
    private final DiskStore disk;
    private final EngineStatistics statistics = new EngineStatistics();
    private volatile long nextSequence;

    /** Opens the database; with {@code dataDir} its tables, items and stream records are read back from disk. */
    public Database(Path dataDir, String region, Clock clock) {
        this.region = region;
        this.clock = clock;
        this.disk = dataDir == null ? null : new DiskStore(dataDir);
        if (disk != null) {
            nextSequence = disk.sequence();
            for (TableSchema schema : disk.schemas()) {
                Table table = new Table(schema);
                for (Map<String, Value> item : disk.items(schema.name())) {
                    table.write(table.keyOfNewItem(item), null, item);
                }
                tables.put(schema.name(), table);
            }
            for (DiskStore.StoredStream stored : disk.streams()) {
                StreamLog log = new StreamLog(stored.definition(), stored.firstSequence());
                disk.records(stored.definition().arn()).forEach(log::append);
                if (stored.disabledAtMillis() >= 0) {
                    log.disable(stored.disabledAtMillis(), stored.lastSequence());
                }
                streams.put(log.arn(), log);
                if (log.enabled()) {
                    enabledStreams.put(log.definition().tableName(), log);
                }
            }
        }
    }

    /** The engine's counters: calls and consumed capacity. */
    public EngineStatistics statistics() {
        return statistics;
    }

    public Clock clock() {
        return clock;
    }

    public String region() {
        return region;
    }

    /** The sequence the next stream record will get: a {@code LATEST} shard iterator starts here. */
    public long nextSequence() {
        return nextSequence;
    }

    /** The lock every write holds while it checks its conditions and commits. */
    public ReentrantLock writeLock() {
        return writeLock;
    }

    /**
     * The table named {@code name}.
     *
     * @throws DynamoError ResourceNotFoundException when there is none
     */
    public Table table(String name) {
        Table table = findTable(name);
        if (table == null) {
            throw DynamoError.resourceNotFound("Requested resource not found: Table: " + name + " not found");
        }
        return table;
    }

    /** The table named {@code name}, or null. */
    public Table findTable(String name) {
        return name == null ? null : tables.get(name);
    }

    public Collection<Table> tables() {
        return tables.values();
    }

    public String tableArn(String name) {
        return "arn:aws:dynamodb:" + region + ":" + ACCOUNT + ":table/" + name;
    }

    /** The enabled stream of table {@code tableName}, or null. */
    public StreamLog stream(String tableName) {
        return enabledStreams.get(tableName);
    }

    /** The stream with this ARN, enabled or disabled, or null. */
    public StreamLog streamByArn(String arn) {
        return streams.get(arn);
    }

    public Collection<StreamLog> streams() {
        return streams.values();
    }

    /** Creates a table; {@code ResourceInUseException} when the name is taken. */
    public Table create(TableSchema schema) {
        writeLock.lock();
        try {
            if (tables.containsKey(schema.name())) {
                throw DynamoError.resourceInUse("Table already exists: " + schema.name());
            }
            Table table = new Table(schema);
            tables.put(schema.name(), table);
            if (schema.hasStream()) {
                openStream(schema);
            }
            if (disk != null) {
                disk.putSchema(schema);
                disk.commit();
            }
            return table;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Replaces a table's definition: TTL and billing changes, indexes added (and filled from the items) or removed,
     * and a stream enabled or disabled (a new stream gets a new label and ARN; the old one is disabled and kept
     * for 24 hours).
     */
    public void redefine(TableSchema schema) {
        writeLock.lock();
        try {
            Table table = table(schema.name());
            TableSchema old = table.schema();
            for (IndexDef index : old.indexes()) {
                if (schema.index(index.name()) == null) {
                    table.dropIndex(schema, index.name());
                }
            }
            for (IndexDef index : schema.indexes()) {
                if (old.index(index.name()) == null) {
                    table.addIndex(schema, index);
                }
            }
            table.schema(schema);
            if (!java.util.Objects.equals(old.streamLabel(), schema.streamLabel())) {
                disableStream(schema.name());
                if (schema.hasStream()) {
                    openStream(schema);
                }
            }
            if (disk != null) {
                disk.putSchema(schema);
                disk.commit();
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Deletes a table, its items and its stream. */
    public Table drop(String name) {
        writeLock.lock();
        try {
            Table table = table(name);
            tables.remove(name);
            disableStream(name);
            if (disk != null) {
                disk.dropTable(name);
                disk.commit();
            }
            return table;
        } finally {
            writeLock.unlock();
        }
    }

    private void openStream(TableSchema schema) {
        String arn = tableArn(schema.name()) + "/stream/" + schema.streamLabel();
        StreamLog log = new StreamLog(new StreamLog.Definition(arn, schema.name(), schema.streamLabel(),
                schema.streamViewType(), clock.millis()), nextSequence);
        streams.put(arn, log);
        enabledStreams.put(schema.name(), log);
        persist(log);
    }

    private void disableStream(String tableName) {
        StreamLog log = enabledStreams.remove(tableName);
        if (log != null) {
            log.disable(clock.millis(), nextSequence - 1);
            persist(log);
        }
    }

    private void persist(StreamLog log) {
        if (disk != null) {
            disk.putStream(new DiskStore.StoredStream(log.definition(), log.trimHorizon(), log.disabledAtMillis(),
                    log.lastSequence()));
        }
    }

    /**
     * Applies changes that the caller has checked, under {@link #writeLock()}: the items, their indexes, one stream
     * record per item that really changed (DynamoDB writes no record for a write that changes nothing), and, with a
     * data directory, one durable commit for all of them.
     */
    public void commit(List<Change> changes) {
        if (!writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("commit outside the write lock");
        }
        long now = clock.millis();
        boolean dirty = false;
        for (Change change : changes) {
            if (change.before() == null ? change.after() == null : change.before().equals(change.after())) {
                continue;
            }
            dirty = true;
            Table table = change.table();
            table.write(change.key(), change.before(), change.after());
            String name = table.schema().name();
            Map<String, Value> keys = table.keyAttributes(change.after() != null ? change.after() : change.before());
            if (disk != null) {
                disk.putItem(name, keys, change.after());
            }
            StreamLog log = stream(name);
            if (log != null) {
                String event = change.before() == null ? "INSERT" : change.after() == null ? "REMOVE" : "MODIFY";
                StreamRecord record = new StreamRecord(nextSequence++, event, now, keys, change.before(),
                        change.after(), change.byService());
                log.append(record);
                if (disk != null) {
                    disk.putRecord(log.arn(), record);
                }
            }
        }
        if (dirty && disk != null) {
            disk.sequence(nextSequence);
            disk.commit();
        }
    }

    /**
     * One TTL pass (developer guide, "Time to Live"): deletes every item whose TTL attribute is a number of epoch
     * seconds in the past, but not more than five years in the past (those are left alone, as AWS does), each as a
     * service deletion on the stream. Also trims stream records past their 24 hours.
     *
     * @return how many items were deleted
     */
    public int expire() {
        long nowSeconds = clock.millis() / 1000;
        BigDecimal now = BigDecimal.valueOf(nowSeconds);
        BigDecimal fiveYearsAgo = BigDecimal.valueOf(nowSeconds - 5L * 365 * 24 * 60 * 60);
        int deleted = 0;
        for (Table table : tables.values()) {
            String attribute = table.schema().ttlAttribute();
            if (attribute == null) {
                continue;
            }
            List<Map<String, Value>> expired = new ArrayList<>();
            for (Map<String, Value> item : table.scan(null, null)) {
                if (item.get(attribute) instanceof Value.N n && n.value().compareTo(now) < 0
                        && n.value().compareTo(fiveYearsAgo) >= 0) {
                    expired.add(item);
                }
            }
            for (Map<String, Value> item : expired) {
                writeLock.lock();
                try {
                    Table.Key key = table.keyOfNewItem(item);
                    Map<String, Value> current = table.get(key);
                    // re-checked under the lock: a write since the scan may have moved the expiry
                    if (current != null && current.get(attribute) instanceof Value.N n
                            && n.value().compareTo(now) < 0) {
                        commit(List.of(new Change(table, key, current, null, true)));
                        deleted++;
                    }
                } finally {
                    writeLock.unlock();
                }
            }
        }
        long later = clock.millis();
        writeLock.lock();
        try {
            for (StreamLog log : List.copyOf(streams.values())) {
                if (!log.enabled() && log.disabledAtMillis() < later - StreamLog.RETENTION_MILLIS) {
                    streams.remove(log.arn());
                    if (disk != null) {
                        disk.dropStream(log.arn());
                    }
                } else if (log.trim(later) > 0 && disk != null) {
                    disk.removeRecordsBefore(log.arn(), log.trimHorizon());
                    persist(log);
                }
            }
            if (disk != null) {
                disk.commit();
            }
        } finally {
            writeLock.unlock();
        }
        return deleted;
    }

    @Override
    public void close() {
        if (disk != null) {
            writeLock.lock();
            try {
                disk.close();
            } finally {
                writeLock.unlock();
            }
        }
    }
}
