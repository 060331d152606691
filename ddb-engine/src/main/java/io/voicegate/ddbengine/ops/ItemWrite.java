package io.voicegate.ddbengine.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.ddbengine.DynamoError;
import io.voicegate.ddbengine.expr.Condition;
import io.voicegate.ddbengine.expr.ExpressionContext;
import io.voicegate.ddbengine.expr.Expressions;
import io.voicegate.ddbengine.expr.Update;
import io.voicegate.ddbengine.store.Database;
import io.voicegate.ddbengine.store.IndexDef;
import io.voicegate.ddbengine.store.Table;
import io.voicegate.ddbengine.value.Value;
import io.voicegate.ddbengine.value.Values;
import io.voicegate.ddbengine.value.WireValues;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One item write — {@code Put}, {@code Update}, {@code Delete} or {@code ConditionCheck} — as {@code PutItem},
 * {@code UpdateItem}, {@code DeleteItem} and each action of {@code TransactWriteItems} request it. Parsing and
 * validation happen on construction, outside the write lock; {@link #evaluate()} runs under it and decides the
 * condition against the current item.
 */
final class ItemWrite {

    enum Kind { PUT, UPDATE, DELETE, CHECK }

    /** The outcome of evaluating a write against the current item. */
    record Outcome(Map<String, Value> before, Map<String, Value> after, boolean conditionFailed) {
        Database.Change change(ItemWrite write) {
            return new Database.Change(write.table, write.key, before, after, false);
        }
    }

    final Kind kind;
    final Table table;
    final Table.Key key;
    private final Map<String, Value> item;
    private final Update update;
    private final Condition condition;
    final boolean allOldOnFailure;

    private ItemWrite(Kind kind, Table table, Table.Key key, Map<String, Value> item, Update update,
                      Condition condition, boolean allOldOnFailure) {
        this.kind = kind;
        this.table = table;
        this.key = key;
        this.item = item;
        this.update = update;
        this.condition = condition;
        this.allOldOnFailure = allOldOnFailure;
    }

    static ItemWrite parse(Kind kind, Database db, JsonNode request) {
        Params.refuseLegacy(request, "Expected", "ConditionalOperator", "AttributeUpdates");
        Table table = db.table(Params.tableName(request));
        ExpressionContext ctx = Params.expressions(request, "ConditionExpression", "UpdateExpression");
        String conditionText = Params.text(request, "ConditionExpression");
        Condition condition = conditionText == null ? null
                : Expressions.condition(conditionText, ctx, "ConditionExpression");
        if (kind == Kind.CHECK && condition == null) {
            throw DynamoError.validation("1 validation error detected: Value null at 'conditionExpression' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        Map<String, Value> item = null;
        Table.Key key;
        Update update = null;
        if (kind == Kind.PUT) {
            item = WireValues.item(Params.required(request, "Item"));
            Values.checkItemSize(item);
            key = table.keyOfNewItem(item);
        } else {
            key = table.key(WireValues.item(Params.required(request, "Key")));
            if (kind == Kind.UPDATE) {
                String updateText = Params.text(request, "UpdateExpression");
                if (updateText != null) {
                    update = Expressions.update(updateText, ctx);
                    for (String attribute : update.topLevelAttributes()) {
                        if (table.schema().isKey(attribute)) {
                            throw DynamoError.validation("One or more parameter values were invalid: Cannot update "
                                    + "attribute " + attribute + ". This attribute is part of the key");
                        }
                    }
                }
            }
        }
        ctx.checkAllUsed();
        return new ItemWrite(kind, table, key, item, update, condition, Params.allOldOnConditionFailure(request));
    }

    /** Under the write lock: the item before and after, and whether the condition failed (then nothing changes). */
    Outcome evaluate() {
        Map<String, Value> before = table.get(key);
        if (condition != null && !condition.test(before == null ? Map.of() : before)) {
            return new Outcome(before, before, true);
        }
        Map<String, Value> after = switch (kind) {
            case PUT -> item;
            case DELETE -> null;
            case CHECK -> before;
            case UPDATE -> {
                Map<String, Value> base = before != null ? before : keyItem();
                Map<String, Value> updated = update == null ? base : update.apply(base);
                Values.checkItemSize(updated);
                table.keyOfNewItem(updated);
                yield updated;
            }
        };
        return new Outcome(before, after, false);
    }

    private Map<String, Value> keyItem() {
        Map<String, Value> base = new LinkedHashMap<>();
        base.put(table.schema().partitionKey().name(), key.partition());
        if (table.schema().sortKey() != null) {
            base.put(table.schema().sortKey().name(), key.sort());
        }
        return base;
    }

    /** The attributes an update touched, from {@code item}, for {@code UPDATED_OLD} and {@code UPDATED_NEW}. */
    Map<String, Value> updated(Map<String, Value> item) {
        Map<String, Value> out = new LinkedHashMap<>();
        if (item != null && update != null) {
            for (String attribute : update.topLevelAttributes()) {
                Value v = item.get(attribute);
                if (v != null) {
                    out.put(attribute, v);
                }
            }
        }
        return out;
    }

    /**
     * Charges the write to {@code capacity}: the larger of the item before and after, and each index whose entry the
     * change adds, removes or alters.
     */
    void charge(Capacity capacity, Outcome outcome) {
        String name = table.schema().name();
        int size = Math.max(sizeOf(outcome.before()), sizeOf(outcome.after()));
        capacity.table(name, Capacity.writeUnits(size));
        if (outcome.conditionFailed() || kind == Kind.CHECK) {
            return;
        }
        for (IndexDef index : table.schema().indexes()) {
            Map<String, Value> old = table.project(index, outcome.before());
            Map<String, Value> now = table.project(index, outcome.after());
            double units = 0;
            if (old != null && now != null) {
                boolean rekeyed = !Objects.equals(old.get(index.partitionKey().name()), now.get(index.partitionKey().name()))
                        || (index.sortKey() != null
                        && !Objects.equals(old.get(index.sortKey().name()), now.get(index.sortKey().name())));
                if (rekeyed) {
                    units = Capacity.writeUnits(Values.itemSize(old)) + Capacity.writeUnits(Values.itemSize(now));
                } else if (!old.equals(now)) {
                    units = Capacity.writeUnits(Values.itemSize(now));
                }
            } else if (old != null) {
                units = Capacity.writeUnits(Values.itemSize(old));
            } else if (now != null) {
                units = Capacity.writeUnits(Values.itemSize(now));
            }
            if (units > 0) {
                capacity.index(name, index, units);
            }
        }
    }

    private static int sizeOf(Map<String, Value> item) {
        return item == null ? 0 : Values.itemSize(item);
    }
}
