package io.voicegate.ddbengine.store;

import io.voicegate.ddbengine.DynamoError;
import io.voicegate.ddbengine.value.Value;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.StreamSupport;

/**
 * One table's items and secondary indexes, in memory. Reads may run concurrently with writes and see each item
 * either before or after a write; writes are applied by {@link Database} under its write lock.
 */
public final class Table {

    /** A table key: partition value and sort value ({@link KeyOrder#NONE} without a sort key). */
    public record Key(Value partition, Value sort) {
    }

    /** An index entry's position: the index sort value, then the table key, so entries with equal index keys are unique. */
    record IndexPosition(Value sort, Value tablePartition, Value tableSort) {
        static final Comparator<IndexPosition> ORDER = Comparator
                .comparing(IndexPosition::sort, KeyOrder.COMPARATOR)
                .thenComparing(IndexPosition::tablePartition, KeyOrder.COMPARATOR)
                .thenComparing(IndexPosition::tableSort, KeyOrder.COMPARATOR);
    }

    private volatile TableSchema schema;
    private final NavigableMap<Value, NavigableMap<Value, Map<String, Value>>> items =
            new ConcurrentSkipListMap<>(KeyOrder.COMPARATOR);
    private final Map<String, NavigableMap<Value, NavigableMap<IndexPosition, Map<String, Value>>>> indexes =
            new ConcurrentHashMap<>();

    Table(TableSchema schema) {
        this.schema = schema;
        for (IndexDef index : schema.indexes()) {
            indexes.put(index.name(), new ConcurrentSkipListMap<>(KeyOrder.COMPARATOR));
        }
    }

    public TableSchema schema() {
        return schema;
    }

    void schema(TableSchema schema) {
        this.schema = schema;
    }

    /**
     * Adds an index to the schema and fills it from the items already in the table (AWS "backfills" a new global
     * secondary index; here it is done before the call returns). Called under the write lock.
     */
    void addIndex(TableSchema withIndex, IndexDef index) {
        var entries = new ConcurrentSkipListMap<Value, NavigableMap<IndexPosition, Map<String, Value>>>(
                KeyOrder.COMPARATOR);
        for (var part : items.values()) {
            for (Map<String, Value> item : part.values()) {
                Map<String, Value> projected = project(index, item);
                // an item whose index key has another type than the index's is left out, as AWS's backfill does
                if (projected != null && typed(projected, index)) {
                    Key key = keyOfItem(item, null);
                    entries.computeIfAbsent(projected.get(index.partitionKey().name()),
                                    k -> new ConcurrentSkipListMap<>(IndexPosition.ORDER))
                            .put(position(index, key, projected), Collections.unmodifiableMap(projected));
                }
            }
        }
        indexes.put(index.name(), entries);
        this.schema = withIndex;
    }

    private static boolean typed(Map<String, Value> projected, IndexDef index) {
        return projected.get(index.partitionKey().name()).type().equals(index.partitionKey().type())
                && (index.sortKey() == null
                || projected.get(index.sortKey().name()).type().equals(index.sortKey().type()));
    }

    /** Removes an index. Called under the write lock. */
    void dropIndex(TableSchema without, String index) {
        this.schema = without;
        indexes.remove(index);
    }

    /** The item with this key, or null. */
    public Map<String, Value> get(Key key) {
        NavigableMap<Value, Map<String, Value>> partition = items.get(key.partition());
        return partition == null ? null : partition.get(key.sort());
    }

    /**
     * The key of a {@code Key} parameter: exactly the table's key attributes, each of its defined type.
     *
     * @throws DynamoError ValidationException "The provided key element does not match the schema"
     */
    public Key key(Map<String, Value> key) {
        TableSchema s = schema;
        int expected = s.sortKey() == null ? 1 : 2;
        if (key.size() != expected || !key.containsKey(s.partitionKey().name())
                || (s.sortKey() != null && !key.containsKey(s.sortKey().name()))) {
            throw DynamoError.validation("The provided key element does not match the schema");
        }
        return keyOfItem(key, "The provided key element does not match the schema");
    }

    /**
     * The key of a whole item about to be written, with the checks of {@code PutItem}: key attributes present, of
     * their defined type, not empty; index key attributes, when present, of their defined type and not empty.
     */
    public Key keyOfNewItem(Map<String, Value> item) {
        TableSchema s = schema;
        for (KeyDef def : keyDefs(s.partitionKey(), s.sortKey())) {
            if (!item.containsKey(def.name())) {
                throw DynamoError.validation("One or more parameter values were invalid: Missing the key "
                        + def.name() + " in the item");
            }
        }
        Key key = keyOfItem(item, null);
        for (IndexDef index : s.indexes()) {
            for (KeyDef def : keyDefs(index.partitionKey(), index.sortKey())) {
                Value v = item.get(def.name());
                if (v == null) {
                    continue;
                }
                if (!v.type().equals(def.type())) {
                    throw DynamoError.validation("One or more parameter values were invalid: Type mismatch for Index Key "
                            + def.name() + " Expected: " + def.type() + " Actual: " + v.type() + " IndexName: "
                            + index.name());
                }
                if (isEmpty(v)) {
                    throw DynamoError.validation("One or more parameter values are not valid. A value specified for a "
                            + "secondary index key is not supported. The AttributeValue for a key attribute cannot "
                            + "contain an empty " + (v instanceof Value.S ? "string" : "binary") + " value. IndexName: "
                            + index.name() + ", IndexKey: " + def.name());
                }
            }
        }
        return key;
    }

    private Key keyOfItem(Map<String, Value> item, String mismatchMessage) {
        TableSchema s = schema;
        Value partition = keyValue(item, s.partitionKey(), mismatchMessage);
        Value sort = s.sortKey() == null ? KeyOrder.NONE : keyValue(item, s.sortKey(), mismatchMessage);
        return new Key(partition, sort);
    }

    private static Value keyValue(Map<String, Value> item, KeyDef def, String mismatchMessage) {
        Value v = item.get(def.name());
        if (v == null) {
            throw DynamoError.validation(mismatchMessage != null ? mismatchMessage
                    : "One or more parameter values were invalid: Missing the key " + def.name() + " in the item");
        }
        if (!v.type().equals(def.type())) {
            throw DynamoError.validation(mismatchMessage != null ? mismatchMessage
                    : "One or more parameter values were invalid: Type mismatch for key " + def.name() + " expected: "
                    + def.type() + " actual: " + v.type());
        }
        if (isEmpty(v)) {
            throw DynamoError.validation("One or more parameter values are not valid. The AttributeValue for a key "
                    + "attribute cannot contain an empty " + (v instanceof Value.S ? "string" : "binary")
                    + " value. Key: " + def.name());
        }
        return v;
    }

    private static boolean isEmpty(Value v) {
        return (v instanceof Value.S s && s.value().isEmpty()) || (v instanceof Value.B b && b.value().length() == 0);
    }

    private static List<KeyDef> keyDefs(KeyDef partition, KeyDef sort) {
        return sort == null ? List.of(partition) : List.of(partition, sort);
    }

    /** The key attributes of an item of this table, as a map (for {@code LastEvaluatedKey} and stream {@code Keys}). */
    public Map<String, Value> keyAttributes(Map<String, Value> item) {
        TableSchema s = schema;
        Map<String, Value> key = new LinkedHashMap<>();
        key.put(s.partitionKey().name(), item.get(s.partitionKey().name()));
        if (s.sortKey() != null) {
            key.put(s.sortKey().name(), item.get(s.sortKey().name()));
        }
        return key;
    }

    /** The projection of {@code item} into {@code index}, or null when the item lacks the index's key (sparse). */
    public Map<String, Value> project(IndexDef index, Map<String, Value> item) {
        if (item == null || !item.containsKey(index.partitionKey().name())
                || (index.sortKey() != null && !item.containsKey(index.sortKey().name()))) {
            return null;
        }
        if ("ALL".equals(index.projectionType())) {
            return item;
        }
        Map<String, Value> projected = new LinkedHashMap<>(keyAttributes(item));
        projected.put(index.partitionKey().name(), item.get(index.partitionKey().name()));
        if (index.sortKey() != null) {
            projected.put(index.sortKey().name(), item.get(index.sortKey().name()));
        }
        if ("INCLUDE".equals(index.projectionType())) {
            for (String name : index.nonKeyAttributes()) {
                Value v = item.get(name);
                if (v != null) {
                    projected.put(name, v);
                }
            }
        }
        return projected;
    }

    /** Replaces (or with null removes) the item at {@code key}; only {@link Database} calls this, under its lock. */
    void write(Key key, Map<String, Value> before, Map<String, Value> after) {
        if (after == null) {
            NavigableMap<Value, Map<String, Value>> partition = items.get(key.partition());
            if (partition != null) {
                partition.remove(key.sort());
                if (partition.isEmpty()) {
                    items.remove(key.partition());
                }
            }
        } else {
            items.computeIfAbsent(key.partition(), k -> new ConcurrentSkipListMap<>(KeyOrder.COMPARATOR))
                    .put(key.sort(), Collections.unmodifiableMap(new LinkedHashMap<>(after)));
        }
        for (IndexDef index : schema.indexes()) {
            var entries = indexes.get(index.name());
            Map<String, Value> old = project(index, before);
            if (old != null) {
                Value partition = old.get(index.partitionKey().name());
                var part = entries.get(partition);
                if (part != null) {
                    part.remove(position(index, key, old));
                    if (part.isEmpty()) {
                        entries.remove(partition);
                    }
                }
            }
            Map<String, Value> projected = project(index, after);
            if (projected != null) {
                entries.computeIfAbsent(projected.get(index.partitionKey().name()),
                                k -> new ConcurrentSkipListMap<>(IndexPosition.ORDER))
                        .put(position(index, key, projected), Collections.unmodifiableMap(projected));
            }
        }
    }

    private static IndexPosition position(IndexDef index, Key key, Map<String, Value> projected) {
        Value sort = index.sortKey() == null ? KeyOrder.NONE : projected.get(index.sortKey().name());
        return new IndexPosition(sort, key.partition(), key.sort());
    }

    /**
     * The items of one partition of the table, or of {@code index} when not null, in sort order (descending when
     * {@code forward} is false), after {@code exclusiveStart} (an item or key holding the table's and the index's key
     * attributes) when it is not null; a live view.
     */
    public Iterable<Map<String, Value>> partition(String index, Value partition, boolean forward,
                                                  Map<String, Value> exclusiveStart) {
        if (index == null) {
            NavigableMap<Value, Map<String, Value>> part = items.get(partition);
            if (part == null) {
                return List.of();
            }
            NavigableMap<Value, Map<String, Value>> view = forward ? part : part.descendingMap();
            if (exclusiveStart != null) {
                view = view.tailMap(keyOfItem(exclusiveStart, "The provided starting key is invalid").sort(), false);
            }
            return view.values();
        }
        var part = indexes.get(index).get(partition);
        if (part == null) {
            return List.of();
        }
        var view = forward ? part : part.descendingMap();
        if (exclusiveStart != null) {
            view = view.tailMap(startPosition(index, exclusiveStart), false);
        }
        return view.values();
    }

    /** Every item of the table, or of {@code index}, partition by partition, after {@code exclusiveStart} if given. */
    public Iterable<Map<String, Value>> scan(String index, Map<String, Value> exclusiveStart) {
        List<Iterable<Map<String, Value>>> parts = new ArrayList<>();
        if (index == null) {
            NavigableMap<Value, NavigableMap<Value, Map<String, Value>>> view = items;
            if (exclusiveStart != null) {
                Key start = keyOfItem(exclusiveStart, "The provided starting key is invalid");
                var first = items.get(start.partition());
                if (first != null) {
                    parts.add(first.tailMap(start.sort(), false).values());
                }
                view = items.tailMap(start.partition(), false);
            }
            for (var part : view.values()) {
                parts.add(part.values());
            }
        } else {
            IndexDef def = schema.index(index);
            var entries = indexes.get(index);
            var view = entries;
            if (exclusiveStart != null) {
                Value partition = startValue(exclusiveStart, def.partitionKey());
                var first = entries.get(partition);
                if (first != null) {
                    parts.add(first.tailMap(startPosition(index, exclusiveStart), false).values());
                }
                view = entries.tailMap(partition, false);
            }
            for (var part : view.values()) {
                parts.add(part.values());
            }
        }
        return () -> parts.stream().flatMap(p -> StreamSupport.stream(p.spliterator(), false)).iterator();
    }

    private IndexPosition startPosition(String index, Map<String, Value> exclusiveStart) {
        IndexDef def = schema.index(index);
        Key key = keyOfItem(exclusiveStart, "The provided starting key is invalid");
        Value sort = def.sortKey() == null ? KeyOrder.NONE : startValue(exclusiveStart, def.sortKey());
        return new IndexPosition(sort, key.partition(), key.sort());
    }

    private static Value startValue(Map<String, Value> start, KeyDef def) {
        Value v = start.get(def.name());
        if (v == null || !v.type().equals(def.type())) {
            throw DynamoError.validation("The provided starting key is invalid");
        }
        return v;
    }

    /** Item count (for {@code DescribeTable}'s {@code ItemCount}). */
    public long itemCount() {
        return items.values().stream().mapToLong(Map::size).sum();
    }

    /** Entries in {@code index}. */
    public long indexCount(String index) {
        return indexes.get(index).values().stream().mapToLong(Map::size).sum();
    }
}
