package io.voicegate.adapter.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the items a keys-only index found, in the index's order: the indexes carry keys only, so an item's other
 * attributes are never written twice (once to the table, once to the index) on every change.
 */
final class BatchReads {

    /** BatchGetItem's limit of keys per call (API reference, BatchGetItem). */
    private static final int MAX_KEYS = 100;

    private BatchReads() {
    }

    /**
     * The items under {@code keys} (only their key attributes are looked at), in the order of {@code keys}; a key
     * with no item is left out. Keys DynamoDB leaves unprocessed are asked again.
     *
     * @param keyNames the table's key attribute names
     */
    static List<Map<String, AttributeValue>> items(DynamoDbClient dynamo, String table, List<String> keyNames,
                                                   List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> tableKeys = keys.stream().map(k -> only(k, keyNames)).toList();
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> found = new HashMap<>();
        for (int from = 0; from < tableKeys.size(); from += MAX_KEYS) {
            Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder()
                    .keys(tableKeys.subList(from, Math.min(tableKeys.size(), from + MAX_KEYS))).build());
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > 1) {
                    pause(attempt);
                }
                Map<String, KeysAndAttributes> ask = pending;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(ask));
                response.responses().getOrDefault(table, List.of())
                        .forEach(item -> found.put(only(item, keyNames), item));
                pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (Map<String, AttributeValue> key : tableKeys) {
            Map<String, AttributeValue> item = found.get(key);
            if (item != null) {
                items.add(item);
            }
        }
        return items;
    }

    /** Keys left unprocessed are throttled ones: asked again after a growing pause (API reference, BatchGetItem). */
    private static void pause(int attempt) {
        if (attempt > 8) {
            throw new IllegalStateException("DynamoDB left keys unprocessed " + (attempt - 1) + " times");
        }
        try {
            Thread.sleep(25L << Math.min(attempt, 6));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading items", e);
        }
    }

    private static Map<String, AttributeValue> only(Map<String, AttributeValue> item, List<String> keyNames) {
        Map<String, AttributeValue> key = new HashMap<>();
        keyNames.forEach(name -> key.put(name, item.get(name)));
        return key;
    }
}
