package io.voicegate.ddbengine.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegate.ddbengine.DynamoError;
import io.voicegate.ddbengine.expr.Condition;
import io.voicegate.ddbengine.expr.ExpressionContext;
import io.voicegate.ddbengine.expr.Expressions;
import io.voicegate.ddbengine.expr.KeyCondition;
import io.voicegate.ddbengine.expr.Projection;
import io.voicegate.ddbengine.store.Database;
import io.voicegate.ddbengine.store.IndexDef;
import io.voicegate.ddbengine.store.KeyDef;
import io.voicegate.ddbengine.store.Table;
import io.voicegate.ddbengine.value.Value;
import io.voicegate.ddbengine.value.Values;
import io.voicegate.ddbengine.value.WireValues;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code Query} and {@code Scan} (API reference pages of both). A page ends after {@code Limit} evaluated items or
 * once 1 MB has been read; it then carries {@code LastEvaluatedKey}. {@code ScannedCount} counts the evaluated items,
 * {@code Count} those that passed the filter.
 */
final class ReadOperations {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long PAGE_BYTES = 1024 * 1024;

    private final Database db;

    ReadOperations(Database db) {
        this.db = db;
    }

    ObjectNode query(JsonNode request) {
        Params.refuseLegacy(request, "KeyConditions", "QueryFilter", "ConditionalOperator", "AttributesToGet");
        Reader reader = new Reader(request, "KeyConditionExpression");
        String keyText = Params.text(request, "KeyConditionExpression");
        if (keyText == null) {
            throw DynamoError.validation("Either the KeyConditions or KeyConditionExpression parameter must be "
                    + "specified in the request.");
        }
        KeyDef partitionKey = reader.index == null ? reader.table.schema().partitionKey() : reader.index.partitionKey();
        KeyDef sortKey = reader.index == null ? reader.table.schema().sortKey() : reader.index.sortKey();
        KeyCondition key = Expressions.keyCondition(keyText, reader.ctx)
                .forKeys(partitionKey.name(), sortKey == null ? null : sortKey.name());
        reader.finishParsing();
        if (reader.filter != null) {
            // "A filter expression cannot contain partition key or sort key attributes" (developer guide, "Filter
            // expressions for the Query operation"): the key attributes of the table or index queried
            for (String attribute : reader.filter.topLevelAttributes()) {
                if (attribute.equals(partitionKey.name()) || (sortKey != null && attribute.equals(sortKey.name()))) {
                    throw DynamoError.validation("Filter Expression can only contain non-primary key attributes: "
                            + "Primary key attribute: " + attribute);
                }
            }
        }
        if (!key.partitionValue().type().equals(partitionKey.type())) {
            throw DynamoError.validation("One or more parameter values were invalid: Condition parameter type does "
                    + "not match schema type");
        }
        if (reader.exclusiveStart != null) {
            // A start key must lie inside what the key condition selects: in the partition queried, and with a sort
            // key that meets the sort key condition (API reference "Query", ExclusiveStartKey; the message is
            // DynamoDB's for a start key in another partition or outside a sort key range).
            Value startPartition = reader.exclusiveStart.get(partitionKey.name());
            Value startSort = sortKey == null ? null : reader.exclusiveStart.get(sortKey.name());
            if (!key.partitionValue().equals(startPartition)
                    || (key.sortKey() != null && (startSort == null || !key.sortKey().test(startSort)))) {
                throw DynamoError.validation("The provided starting key is outside query boundaries based on "
                        + "provided conditions");
            }
        }
        boolean forward = Params.bool(request, "ScanIndexForward", true);
        Iterable<Map<String, Value>> items = reader.table.partition(reader.indexName(), key.partitionValue(), forward,
                reader.exclusiveStart);
        return reader.read(items, item -> key.sortKey() == null || key.sortKey().test(item.get(sortKey.name())));
    }

    ObjectNode scan(JsonNode request) {
        Params.refuseLegacy(request, "ScanFilter", "ConditionalOperator", "AttributesToGet");
        Reader reader = new Reader(request, null);
        reader.finishParsing();
        // API reference "Scan": TotalSegments 1..1,000,000, Segment 0..TotalSegments-1, each needs the other
        Integer total = Params.bounded(request, "TotalSegments", 1, 1_000_000, null);
        Integer segment = Params.bounded(request, "Segment", 0, 999_999, null);
        if (total != null && segment == null) {
            throw DynamoError.validation("The Segment parameter is required but was not present in the request when "
                    + "parameter TotalSegments is present");
        }
        if (segment != null && total == null) {
            throw DynamoError.validation("The TotalSegments parameter is required but was not present in the request "
                    + "when parameter Segment is present");
        }
        if (segment != null && segment >= total) {
            throw DynamoError.validation("The Segment parameter is zero-based and must be less than parameter "
                    + "TotalSegments: Segment: " + segment + " is not less than TotalSegments: " + total);
        }
        KeyDef partitionKey = reader.table.schema().partitionKey();
        Iterable<Map<String, Value>> items = reader.table.scan(reader.indexName(), reader.exclusiveStart);
        return reader.read(items, item -> total == null || total == 1
                || Math.floorMod(item.get(partitionKey.name()).hashCode(), total) == segment);
    }

    private final class Reader {
        final Table table;
        final IndexDef index;
        final ExpressionContext ctx;
        final Condition filter;
        final Projection projection;
        final String select;
        final Integer limit;
        final boolean consistent;
        final Capacity.Mode mode;
        Map<String, Value> exclusiveStart;

        Reader(JsonNode request, String keyParam) {
            mode = Capacity.mode(request);
            table = db.table(Params.tableName(request));
            String indexName = Params.text(request, "IndexName");
            index = indexName == null ? null : table.schema().index(indexName);
            if (indexName != null && index == null) {
                throw DynamoError.validation("The table does not have the specified index: " + indexName);
            }
            consistent = Params.bool(request, "ConsistentRead", false);
            if (consistent && index != null && !index.local()) {
                throw DynamoError.validation("Consistent reads are not supported on global secondary indexes");
            }
            ctx = keyParam == null
                    ? Params.expressions(request, "FilterExpression", "ProjectionExpression")
                    : Params.expressions(request, keyParam, "FilterExpression", "ProjectionExpression");
            String filterText = Params.text(request, "FilterExpression");
            filter = filterText == null ? null : Expressions.condition(filterText, ctx, "FilterExpression");
            String projectionText = Params.text(request, "ProjectionExpression");
            projection = projectionText == null ? null : Expressions.projection(projectionText, ctx);
            select = Params.oneOf(request, "Select", projection != null ? "SPECIFIC_ATTRIBUTES"
                            : index != null ? "ALL_PROJECTED_ATTRIBUTES" : "ALL_ATTRIBUTES",
                    "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT");
            if (projection != null && !"SPECIFIC_ATTRIBUTES".equals(select)) {
                throw DynamoError.validation("Cannot specify the ProjectionExpression when choosing to get "
                        + select);
            }
            if ("ALL_ATTRIBUTES".equals(select) && index != null && !"ALL".equals(index.projectionType())) {
                throw DynamoError.validation("One or more parameter values were invalid: Select type ALL_ATTRIBUTES "
                        + "is not supported for global secondary index " + index.name()
                        + " because its projection type is not ALL");
            }
            limit = Params.bounded(request, "Limit", 1, Integer.MAX_VALUE, null);
            JsonNode start = request.get("ExclusiveStartKey");
            exclusiveStart = start == null || start.isNull() ? null : WireValues.item(start);
        }

        void finishParsing() {
            ctx.checkAllUsed();
        }

        String indexName() {
            return index == null ? null : index.name();
        }

        ObjectNode read(Iterable<Map<String, Value>> items, java.util.function.Predicate<Map<String, Value>> inRange) {
            ObjectNode response = JSON.objectNode();
            ArrayNode out = JSON.arrayNode();
            int scanned = 0;
            int count = 0;
            long bytes = 0;
            Map<String, Value> last = null;
            boolean stopped = false;
            for (Map<String, Value> item : items) {
                if (stopped) {
                    break;
                }
                if (!inRange.test(item)) {
                    continue;
                }
                scanned++;
                bytes += Values.itemSize(item);
                last = item;
                if (filter == null || filter.test(item)) {
                    count++;
                    if (!"COUNT".equals(select)) {
                        out.add(WireValues.json(projection == null ? item : projection.apply(item)));
                    }
                }
                stopped = (limit != null && scanned >= limit) || bytes >= PAGE_BYTES;
            }
            if (!"COUNT".equals(select)) {
                response.set("Items", out);
            }
            response.put("Count", count);
            response.put("ScannedCount", scanned);
            if (stopped && last != null) {
                response.set("LastEvaluatedKey", WireValues.json(lastKey(last)));
            }
            Capacity capacity = Capacity.reads(db.statistics());
            double units = Capacity.readUnits(bytes, consistent);
            if (index == null) {
                capacity.table(table.schema().name(), units);
            } else {
                capacity.index(table.schema().name(), index, units);
            }
            capacity.writeOne(response, mode, table.schema().name());
            return response;
        }

        private Map<String, Value> lastKey(Map<String, Value> item) {
            Map<String, Value> key = new LinkedHashMap<>(table.keyAttributes(item));
            if (index != null) {
                key.put(index.partitionKey().name(), item.get(index.partitionKey().name()));
                if (index.sortKey() != null) {
                    key.put(index.sortKey().name(), item.get(index.sortKey().name()));
                }
            }
            return key;
        }
    }
}
