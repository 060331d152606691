package io.voicegate.ddbengine.store;

import java.util.List;
import java.util.Map;

/**
 * A table's definition: what {@code CreateTable} set and {@code UpdateTimeToLive} changed.
 *
 * @param name                 table name
 * @param partitionKey         the table's partition (HASH) key
 * @param sortKey              the table's sort (RANGE) key, or null
 * @param attributeDefinitions name → type of every key attribute of the table and its indexes
 * @param indexes              secondary indexes, global and local
 * @param streamViewType       {@code KEYS_ONLY}, {@code NEW_IMAGE}, {@code OLD_IMAGE} or {@code NEW_AND_OLD_IMAGES};
 *                             null when the table has no stream
 * @param streamLabel          the stream's label (a timestamp), null without a stream
 * @param createdAtMillis      creation time, epoch milliseconds
 * @param ttlAttribute         the TTL attribute (epoch seconds), or null when TTL is disabled
 * @param billingMode          {@code PAY_PER_REQUEST} or {@code PROVISIONED}, as requested (not enforced)
 * @param ttlChangedAtMillis   when TTL was last enabled or disabled, epoch milliseconds; 0 never
 */
public record TableSchema(String name, KeyDef partitionKey, KeyDef sortKey, Map<String, String> attributeDefinitions,
                          List<IndexDef> indexes, String streamViewType, String streamLabel, long createdAtMillis,
                          String ttlAttribute, String billingMode, long ttlChangedAtMillis) {

    public TableSchema {
        attributeDefinitions = Map.copyOf(attributeDefinitions);
        indexes = List.copyOf(indexes);
    }

    public TableSchema withTtl(String attribute, long changedAtMillis) {
        return new TableSchema(name, partitionKey, sortKey, attributeDefinitions, indexes, streamViewType,
                streamLabel, createdAtMillis, attribute, billingMode, changedAtMillis);
    }

    /** With a stream of {@code viewType} labelled {@code label}, or none when both are null. */
    public TableSchema withStream(String viewType, String label) {
        return new TableSchema(name, partitionKey, sortKey, attributeDefinitions, indexes, viewType, label,
                createdAtMillis, ttlAttribute, billingMode, ttlChangedAtMillis);
    }

    public TableSchema withIndexes(List<IndexDef> indexes, Map<String, String> attributeDefinitions) {
        return new TableSchema(name, partitionKey, sortKey, attributeDefinitions, indexes, streamViewType,
                streamLabel, createdAtMillis, ttlAttribute, billingMode, ttlChangedAtMillis);
    }

    public TableSchema withBillingMode(String billingMode) {
        return new TableSchema(name, partitionKey, sortKey, attributeDefinitions, indexes, streamViewType,
                streamLabel, createdAtMillis, ttlAttribute, billingMode, ttlChangedAtMillis);
    }

    /** The index named {@code indexName}, or null. */
    public IndexDef index(String indexName) {
        return indexes.stream().filter(i -> i.name().equals(indexName)).findFirst().orElse(null);
    }

    public boolean hasStream() {
        return streamViewType != null;
    }

    /** True when {@code attribute} is one of the table's own key attributes. */
    public boolean isKey(String attribute) {
        return partitionKey.name().equals(attribute) || (sortKey != null && sortKey.name().equals(attribute));
    }
}
