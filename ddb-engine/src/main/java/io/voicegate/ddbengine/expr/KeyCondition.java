package io.voicegate.ddbengine.expr;

import io.voicegate.ddbengine.value.Value;

/**
 * A Query's key condition resolved against a key schema ({@link KeyConditions#forKeys}): equality on the partition
 * key, and an optional ({@code null}) condition on the sort key.
 */
public record KeyCondition(String partitionKey, Value partitionValue, SortKeyCondition sortKey) {
}
