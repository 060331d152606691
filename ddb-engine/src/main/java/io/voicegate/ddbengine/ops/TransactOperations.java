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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * {@code TransactWriteItems} and {@code TransactGetItems} (API reference pages of both; developer guide "Amazon
 * DynamoDB Transactions"). A write transaction evaluates every condition and applies every change under the
 * database's write lock, so it is all-or-nothing and isolated across items and tables.
 */
final class TransactOperations {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** "A client token is valid for 10 minutes after the first request that uses it is completed." */
    private static final long TOKEN_MILLIS = 10 * 60 * 1000;
    private static final int MAX_ACTIONS = 100;

    private record TokenUse(String request, long atMillis, ObjectNode response) {
    }

    private final Database db;
    private final Map<String, TokenUse> tokens = new LinkedHashMap<>();

    TransactOperations(Database db) {
        this.db = db;
    }

    ObjectNode transactWriteItems(JsonNode request) {
        Capacity.Mode mode = Capacity.mode(request);
        List<ItemWrite> writes = parseWrites(request);
        String token = Params.text(request, "ClientRequestToken");
        if (token != null && (token.isEmpty() || token.length() > 36)) {
            throw DynamoError.validation("1 validation error detected: Value '" + token + "' at "
                    + "'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal "
                    + "to 36 and greater than or equal to 1");
        }
        String fingerprint = fingerprint(request);
        db.writeLock().lock();
        try {
            if (token != null) {
                TokenUse use = tokenUse(token);
                if (use != null) {
                    if (!use.request().equals(fingerprint)) {
                        throw new DynamoError("IdempotentParameterMismatchException", 400, "Request parameters do "
                                + "not match the parameters of the earlier request that used this ClientRequestToken");
                    }
                    return use.response().deepCopy();
                }
            }
            List<ItemWrite.Outcome> outcomes = new ArrayList<>();
            List<ObjectNode> reasons = new ArrayList<>();
            boolean cancelled = false;
            for (ItemWrite write : writes) {
                ObjectNode reason = JSON.objectNode();
                try {
                    ItemWrite.Outcome outcome = write.evaluate();
                    outcomes.add(outcome);
                    if (outcome.conditionFailed()) {
                        cancelled = true;
                        reason.put("Code", "ConditionalCheckFailed");
                        reason.put("Message", "The conditional request failed");
                        if (write.allOldOnFailure && outcome.before() != null) {
                            reason.set("Item", WireValues.json(outcome.before()));
                        }
                    } else {
                        reason.put("Code", "None");
                    }
                } catch (DynamoError e) {
                    if (!"ValidationException".equals(e.type())) {
                        throw e;
                    }
                    cancelled = true;
                    outcomes.add(null);
                    reason.put("Code", "ValidationError");
                    reason.put("Message", e.getMessage());
                }
                reasons.add(reason);
            }
            if (cancelled) {
                throw cancelled(reasons);
            }
            List<Database.Change> changes = new ArrayList<>();
            Capacity capacity = Capacity.writes(db.statistics());
            for (int i = 0; i < writes.size(); i++) {
                changes.add(outcomes.get(i).change(writes.get(i)));
                writes.get(i).charge(capacity, outcomes.get(i));
            }
            db.commit(changes);
            capacity.transactional();
            ObjectNode response = JSON.objectNode();
            capacity.writeAll(response, mode);
            if (token != null) {
                tokens.put(token, new TokenUse(fingerprint, db.clock().millis(), response.deepCopy()));
            }
            return response;
        } finally {
            db.writeLock().unlock();
        }
    }

    /** The cancellation an injected conflict causes: {@code TransactionConflict} on the first action. */
    DynamoError conflict(JsonNode request) {
        int n = Math.max(1, request.path("TransactItems").size());
        List<ObjectNode> reasons = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ObjectNode reason = JSON.objectNode();
            reason.put("Code", i == 0 ? "TransactionConflict" : "None");
            if (i == 0) {
                reason.put("Message", "Transaction is ongoing for the item");
            }
            reasons.add(reason);
        }
        return cancelled(reasons);
    }

    private static DynamoError cancelled(List<ObjectNode> reasons) {
        StringJoiner codes = new StringJoiner(", ", "[", "]");
        ObjectNode details = JSON.objectNode();
        ArrayNode list = details.putArray("CancellationReasons");
        for (ObjectNode reason : reasons) {
            codes.add(reason.get("Code").asText());
            list.add(reason);
        }
        return new DynamoError("TransactionCanceledException", 400,
                "Transaction cancelled, please refer cancellation reasons for specific reasons " + codes, details);
    }

    private TokenUse tokenUse(String token) {
        long now = db.clock().millis();
        for (Iterator<TokenUse> it = tokens.values().iterator(); it.hasNext(); ) {
            if (it.next().atMillis() < now - TOKEN_MILLIS) {
                it.remove();
            } else {
                break;
            }
        }
        return tokens.get(token);
    }

    private static String fingerprint(JsonNode request) {
        ObjectNode copy = request.deepCopy();
        copy.remove("ClientRequestToken");
        copy.remove("ReturnConsumedCapacity");
        copy.remove("ReturnItemCollectionMetrics");
        return copy.toString();
    }

    private List<ItemWrite> parseWrites(JsonNode request) {
        JsonNode items = Params.required(request, "TransactItems");
        if (!items.isArray() || items.isEmpty() || items.size() > MAX_ACTIONS) {
            throw DynamoError.validation("1 validation error detected: Value at 'transactItems' failed to satisfy "
                    + "constraint: Member must have length less than or equal to 100 and greater than or equal to 1");
        }
        List<ItemWrite> writes = new ArrayList<>();
        Set<String> items2 = new HashSet<>();
        for (JsonNode action : items) {
            if (action.size() != 1) {
                throw DynamoError.validation("TransactItems can only contain one of Check, Put, Update or Delete");
            }
            Map.Entry<String, JsonNode> e = action.fields().next();
            ItemWrite.Kind kind = switch (e.getKey()) {
                case "Put" -> ItemWrite.Kind.PUT;
                case "Update" -> ItemWrite.Kind.UPDATE;
                case "Delete" -> ItemWrite.Kind.DELETE;
                case "ConditionCheck" -> ItemWrite.Kind.CHECK;
                default -> throw DynamoError.validation("TransactItems can only contain one of Check, Put, Update or "
                        + "Delete");
            };
            ItemWrite write = ItemWrite.parse(kind, db, e.getValue());
            if (!items2.add(write.table.schema().name() + "\u0000" + write.key)) {
                throw DynamoError.validation("Transaction request cannot include multiple operations on one item");
            }
            writes.add(write);
        }
        return writes;
    }

    ObjectNode transactGetItems(JsonNode request) {
        Capacity.Mode mode = Capacity.mode(request);
        JsonNode items = Params.required(request, "TransactItems");
        if (!items.isArray() || items.isEmpty() || items.size() > MAX_ACTIONS) {
            throw DynamoError.validation("1 validation error detected: Value at 'transactItems' failed to satisfy "
                    + "constraint: Member must have length less than or equal to 100 and greater than or equal to 1");
        }
        record Get(Table table, Table.Key key, Projection projection) {
        }
        List<Get> gets = new ArrayList<>();
        for (JsonNode action : items) {
            JsonNode get = action.get("Get");
            if (get == null) {
                throw DynamoError.validation("TransactGetItems can only contain Get actions");
            }
            Table table = db.table(Params.tableName(get));
            Table.Key key = table.key(WireValues.item(Params.required(get, "Key")));
            ExpressionContext ctx = Params.expressions(get, "ProjectionExpression");
            String text = Params.text(get, "ProjectionExpression");
            Projection projection = text == null ? null : Expressions.projection(text, ctx);
            ctx.checkAllUsed();
            gets.add(new Get(table, key, projection));
        }
        ArrayNode responses = JSON.arrayNode();
        Capacity capacity = Capacity.reads(db.statistics());
        db.writeLock().lock(); // one consistent view: no write commits while the items are read
        try {
            for (Get g : gets) {
                Map<String, Value> item = g.table().get(g.key());
                ObjectNode entry = responses.addObject();
                if (item != null) {
                    entry.set("Item", WireValues.json(g.projection() == null ? item : g.projection().apply(item)));
                }
                capacity.table(g.table().schema().name(),
                        Capacity.readUnits(item == null ? 0 : Values.itemSize(item), true));
            }
        } finally {
            db.writeLock().unlock();
        }
        capacity.transactional();
        ObjectNode response = JSON.objectNode();
        response.set("Responses", responses);
        capacity.writeAll(response, mode);
        return response;
    }
}
