package io.voicegate.ddbengine.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegate.ddbengine.DynamoError;
import io.voicegate.ddbengine.expr.ExpressionContext;
import io.voicegate.ddbengine.expr.Expressions;
import io.voicegate.ddbengine.expr.Projection;
import io.voicegate.ddbengine.store.Database;
import io.voicegate.ddbengine.store.Table;
import io.voicegate.ddbengine.value.Value;
import io.voicegate.ddbengine.value.Values;
import io.voicegate.ddbengine.value.WireValues;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code PutItem}, {@code GetItem}, {@code UpdateItem}, {@code DeleteItem}, {@code BatchGetItem}, {@code BatchWriteItem}. */
final class ItemOperations {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Database db;

    ItemOperations(Database db) {
        this.db = db;
    }

    /** API reference "PutItem": ReturnValues NONE or ALL_OLD. */
    ObjectNode putItem(JsonNode request) {
        String returnValues = Params.returnValues(request, "NONE", "ALL_OLD");
        return single(ItemWrite.Kind.PUT, request, returnValues);
    }

    /** API reference "UpdateItem": ReturnValues NONE, ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATED_NEW. */
    ObjectNode updateItem(JsonNode request) {
        String returnValues = Params.returnValues(request, "NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW",
                "UPDATED_NEW");
        return single(ItemWrite.Kind.UPDATE, request, returnValues);
    }

    /** API reference "DeleteItem": ReturnValues NONE or ALL_OLD. */
    ObjectNode deleteItem(JsonNode request) {
        String returnValues = Params.returnValues(request, "NONE", "ALL_OLD");
        return single(ItemWrite.Kind.DELETE, request, returnValues);
    }

    private ObjectNode single(ItemWrite.Kind kind, JsonNode request, String returnValues) {
        Capacity.Mode mode = Capacity.mode(request);
        ItemWrite write = ItemWrite.parse(kind, db, request);
        ItemWrite.Outcome outcome;
        db.writeLock().lock();
        try {
            outcome = write.evaluate();
            if (outcome.conditionFailed()) {
                throw conditionFailed(write, outcome);
            }
            db.commit(List.of(outcome.change(write)));
        } finally {
            db.writeLock().unlock();
        }
        ObjectNode response = JSON.objectNode();
        Map<String, Value> attributes = switch (returnValues) {
            case "ALL_OLD" -> outcome.before();
            case "ALL_NEW" -> outcome.after();
            case "UPDATED_OLD" -> write.updated(outcome.before());
            case "UPDATED_NEW" -> write.updated(outcome.after());
            default -> null;
        };
        if (attributes != null && !attributes.isEmpty()) {
            response.set("Attributes", WireValues.json(attributes));
        }
        Capacity capacity = Capacity.writes(db.statistics());
        write.charge(capacity, outcome);
        capacity.writeOne(response, mode, write.table.schema().name());
        return response;
    }

    /** {@code ConditionalCheckFailedException}, with {@code Item} when ALL_OLD was asked for and an item exists. */
    static DynamoError conditionFailed(ItemWrite write, ItemWrite.Outcome outcome) {
        ObjectNode details = null;
        if (write.allOldOnFailure && outcome.before() != null) {
            details = JSON.objectNode();
            details.set("Item", WireValues.json(outcome.before()));
        }
        return new DynamoError("ConditionalCheckFailedException", 400, "The conditional request failed", details);
    }

    /** API reference "GetItem". */
    ObjectNode getItem(JsonNode request) {
        Params.refuseLegacy(request, "AttributesToGet");
        Capacity.Mode mode = Capacity.mode(request);
        Table table = db.table(Params.tableName(request));
        Table.Key key = table.key(WireValues.item(Params.required(request, "Key")));
        Projection projection = projection(request);
        boolean consistent = Params.bool(request, "ConsistentRead", false);
        Map<String, Value> item = table.get(key);
        ObjectNode response = JSON.objectNode();
        if (item != null) {
            response.set("Item", WireValues.json(projection == null ? item : projection.apply(item)));
        }
        Capacity capacity = Capacity.reads(db.statistics());
        capacity.table(table.schema().name(), Capacity.readUnits(item == null ? 0 : Values.itemSize(item), consistent));
        capacity.writeOne(response, mode, table.schema().name());
        return response;
    }

    private static Projection projection(JsonNode request) {
        ExpressionContext ctx = Params.expressions(request, "ProjectionExpression");
        String text = Params.text(request, "ProjectionExpression");
        Projection projection = text == null ? null : Expressions.projection(text, ctx);
        ctx.checkAllUsed();
        return projection;
    }

    /** API reference "BatchGetItem": up to 100 keys; every key is served (no {@code UnprocessedKeys}). */
    ObjectNode batchGetItem(JsonNode request) {
        Capacity.Mode mode = Capacity.mode(request);
        JsonNode requestItems = Params.required(request, "RequestItems");
        int count = 0;
        ObjectNode responses = JSON.objectNode();
        Capacity capacity = Capacity.reads(db.statistics());
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Table table = db.table(e.getKey());
            JsonNode spec = e.getValue();
            Params.refuseLegacy(spec, "AttributesToGet");
            Projection projection = projection(spec);
            boolean consistent = Params.bool(spec, "ConsistentRead", false);
            ArrayNode found = responses.putArray(e.getKey());
            Set<Table.Key> seen = new HashSet<>();
            for (JsonNode k : Params.required(spec, "Keys")) {
                Table.Key key = table.key(WireValues.item(k));
                if (!seen.add(key)) {
                    throw DynamoError.validation("Provided list of item keys contains duplicates");
                }
                count++;
                Map<String, Value> item = table.get(key);
                capacity.table(e.getKey(), Capacity.readUnits(item == null ? 0 : Values.itemSize(item), consistent));
                if (item != null) {
                    found.add(WireValues.json(projection == null ? item : projection.apply(item)));
                }
            }
        }
        if (count == 0 || count > 100) {
            throw DynamoError.validation(count == 0 ? "1 validation error detected: Value at 'requestItems' failed to "
                    + "satisfy constraint: Member must have length greater than or equal to 1"
                    : "Too many items requested for the BatchGetItem call");
        }
        ObjectNode response = JSON.objectNode();
        response.set("Responses", responses);
        response.putObject("UnprocessedKeys");
        capacity.writeAll(response, mode);
        return response;
    }

    /**
     * API reference "BatchWriteItem": up to 25 puts and deletes, no conditions, one item at most once; each item
     * write is atomic on its own (the batch is not a transaction), every one is processed.
     */
    ObjectNode batchWriteItem(JsonNode request) {
        Capacity.Mode mode = Capacity.mode(request);
        JsonNode requestItems = Params.required(request, "RequestItems");
        List<ItemWrite> writes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            for (JsonNode w : e.getValue()) {
                ObjectNode single = JSON.objectNode();
                single.put("TableName", e.getKey());
                ItemWrite write;
                if (w.has("PutRequest")) {
                    single.set("Item", w.get("PutRequest").get("Item"));
                    write = ItemWrite.parse(ItemWrite.Kind.PUT, db, single);
                } else if (w.has("DeleteRequest")) {
                    single.set("Key", w.get("DeleteRequest").get("Key"));
                    write = ItemWrite.parse(ItemWrite.Kind.DELETE, db, single);
                } else {
                    throw DynamoError.validation("Supplied write request is empty: PutRequest or DeleteRequest needed");
                }
                if (!seen.add(e.getKey() + "\u0000" + write.key)) {
                    throw DynamoError.validation("Provided list of item keys contains duplicates");
                }
                writes.add(write);
            }
        }
        if (writes.isEmpty() || writes.size() > 25) {
            throw DynamoError.validation("1 validation error detected: Value at 'requestItems' failed to satisfy "
                    + "constraint: Map value must satisfy constraint: [Member must have length less than or equal "
                    + "to 25, Member must have length greater than or equal to 1]");
        }
        Capacity capacity = Capacity.writes(db.statistics());
        db.writeLock().lock();
        try {
            for (ItemWrite write : writes) {
                ItemWrite.Outcome outcome = write.evaluate();
                db.commit(List.of(outcome.change(write)));
                write.charge(capacity, outcome);
            }
        } finally {
            db.writeLock().unlock();
        }
        ObjectNode response = JSON.objectNode();
        response.putObject("UnprocessedItems");
        capacity.writeAll(response, mode);
        return response;
    }
}
