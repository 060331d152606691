package io.voicegate.ddbengine.expr;

import io.voicegate.ddbengine.value.Value;
import io.voicegate.ddbengine.value.Values;

/**
 * One key condition of a KeyConditionExpression (developer guide, "Key condition expressions for the Query
 * operation"): {@code name op value}, or {@code name BETWEEN value AND upper}, or {@code begins_with(name, value)}.
 * Used for the sort key, and with {@link Op#EQ} for the partition key.
 */
public record SortKeyCondition(String name, Op op, Value value, Value upper) {

    public enum Op { EQ, LT, LE, GT, GE, BETWEEN, BEGINS_WITH }

    /**
     * True when a key value satisfies this condition: orders by {@link Values#compare}; a value of another type than
     * the condition's never matches; BEGINS_WITH matches strings by prefix and binaries by leading bytes.
     */
    public boolean test(Value v) {
        if (v == null) {
            return false;
        }
        if (op == Op.BEGINS_WITH) {
            return Eval.beginsWith(v, value);
        }
        if (!Values.comparable(v, value)) {
            return false;
        }
        int r = Values.compare(v, value);
        return switch (op) {
            case EQ -> r == 0;
            case LT -> r < 0;
            case LE -> r <= 0;
            case GT -> r > 0;
            case GE -> r >= 0;
            case BETWEEN -> r >= 0 && Values.comparable(v, upper) && Values.compare(v, upper) <= 0;
            default -> false;
        };
    }
}
