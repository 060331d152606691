package io.voicegate.ddbengine.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegate.ddbengine.DynamoError;
import io.voicegate.ddbengine.EngineStatistics;
import io.voicegate.ddbengine.store.IndexDef;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Capacity units consumed by one request, by DynamoDB's rules (developer guide, "DynamoDB throughput capacity" and
 * "Read/write capacity mode"): a write is 1 WCU per 1 KB of item (rounded up; the larger of the item before and after),
 * a strongly consistent read 1 RCU per 4 KB (eventually consistent half that), a Query or Scan the summed size of the
 * items it evaluated rounded up to 4 KB, and transactional reads and writes twice as much per item (not per index
 * entry: see {@link #transactional()}). An index costs the writes
 * of its projected entries: one to add or remove an entry, two when the entry's index key changes, none when the
 * change does not touch what the index holds.
 */
final class Capacity {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** What {@code ReturnConsumedCapacity} asked for. */
    enum Mode { NONE, TOTAL, INDEXES }

    private static final class Units {
        double table;
        final Map<String, Double> globalIndexes = new LinkedHashMap<>();
        final Map<String, Double> localIndexes = new LinkedHashMap<>();

        double total() {
            return table + globalIndexes.values().stream().mapToDouble(Double::doubleValue).sum()
                    + localIndexes.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private final boolean write;
    private final EngineStatistics statistics;
    private final Map<String, Units> byTable = new LinkedHashMap<>();

    private Capacity(boolean write, EngineStatistics statistics) {
        this.write = write;
        this.statistics = statistics;
    }

    /** Read units, counted into {@code statistics} when written into a response. */
    static Capacity reads(EngineStatistics statistics) {
        return new Capacity(false, statistics);
    }

    /** Write units, counted into {@code statistics} when written into a response. */
    static Capacity writes(EngineStatistics statistics) {
        return new Capacity(true, statistics);
    }

    static Mode mode(JsonNode request) {
        String mode = request.path("ReturnConsumedCapacity").asText("NONE");
        try {
            return Mode.valueOf(mode);
        } catch (IllegalArgumentException e) {
            throw DynamoError.validation("1 validation error detected: Value '" + mode + "' at "
                    + "'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[INDEXES, TOTAL, NONE]");
        }
    }

    /** Write units of an item of {@code bytes}: 1 per KB, rounded up, at least 1. */
    static double writeUnits(int bytes) {
        return Math.max(1, (bytes + 1023) / 1024);
    }

    /** Read units of {@code bytes} read: 1 per 4 KB, rounded up, at least 1; halved when eventually consistent. */
    static double readUnits(long bytes, boolean consistent) {
        double units = Math.max(1, (bytes + 4095) / 4096);
        return consistent ? units : units / 2;
    }

    void table(String table, double units) {
        byTable.computeIfAbsent(table, t -> new Units()).table += units;
    }

    void index(String table, IndexDef index, double units) {
        Units u = byTable.computeIfAbsent(table, t -> new Units());
        (index.local() ? u.localIndexes : u.globalIndexes).merge(index.name(), units, Double::sum);
    }

    /**
     * Charges the tables' items as a transaction does: "DynamoDB performs two underlying reads or writes of every item
     * in the transaction: one to prepare the transaction and one to commit the transaction" (developer guide,
     * "Amazon DynamoDB Transactions: How it works", Capacity management for transactions). Secondary indexes are
     * not items of the transaction: a transaction's changes reach them after it completes ("propagated to global
     * secondary indexes ... after the transaction completes successfully", same page), written once, as outside one.
     */
    void transactional() {
        for (Units u : byTable.values()) {
            u.table *= 2;
        }
    }

    /** Writes {@code ConsumedCapacity} (one object) into {@code response}, as {@code mode} asks. */
    void writeOne(ObjectNode response, Mode mode, String table) {
        count();
        if (mode == Mode.NONE) {
            return;
        }
        byTable.computeIfAbsent(table, t -> new Units());
        response.set("ConsumedCapacity", entry(table, byTable.get(table), mode));
    }

    /** Writes {@code ConsumedCapacity} (a list, one entry per table) into {@code response}. */
    void writeAll(ObjectNode response, Mode mode) {
        count();
        if (mode == Mode.NONE) {
            return;
        }
        ArrayNode list = response.putArray("ConsumedCapacity");
        byTable.forEach((table, units) -> list.add(entry(table, units, mode)));
    }

    private void count() {
        statistics.consumed(write, byTable.values().stream().mapToDouble(Units::total).sum());
    }

    private ObjectNode entry(String table, Units units, Mode mode) {
        double total = units.total();
        ObjectNode entry = JSON.objectNode();
        entry.put("TableName", table);
        entry.put("CapacityUnits", total);
        entry.put(write ? "WriteCapacityUnits" : "ReadCapacityUnits", total);
        if (mode == Mode.INDEXES) {
            entry.set("Table", units(units.table));
            if (!units.globalIndexes.isEmpty()) {
                ObjectNode indexes = entry.putObject("GlobalSecondaryIndexes");
                units.globalIndexes.forEach((name, u) -> indexes.set(name, units(u)));
            }
            if (!units.localIndexes.isEmpty()) {
                ObjectNode indexes = entry.putObject("LocalSecondaryIndexes");
                units.localIndexes.forEach((name, u) -> indexes.set(name, units(u)));
            }
        }
        return entry;
    }

    private ObjectNode units(double u) {
        ObjectNode node = JSON.objectNode();
        node.put("CapacityUnits", u);
        node.put(write ? "WriteCapacityUnits" : "ReadCapacityUnits", u);
        return node;
    }
}
