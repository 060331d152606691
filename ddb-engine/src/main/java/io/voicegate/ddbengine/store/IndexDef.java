package io.voicegate.ddbengine.store;

import java.util.List;

/**
 * A secondary index as created (API reference, "GlobalSecondaryIndex", "LocalSecondaryIndex").
 *
 * @param name             index name
 * @param partitionKey     the index's partition key
 * @param sortKey          the index's sort key, or null
 * @param projectionType   {@code KEYS_ONLY}, {@code INCLUDE} or {@code ALL}
 * @param nonKeyAttributes the attributes {@code INCLUDE} projects besides the keys
 * @param local            true for a local secondary index (same partition key as the table; strongly consistent
 *                         reads allowed)
 */
public record IndexDef(String name, KeyDef partitionKey, KeyDef sortKey, String projectionType,
                       List<String> nonKeyAttributes, boolean local) {

    public IndexDef {
        nonKeyAttributes = List.copyOf(nonKeyAttributes);
    }
}
