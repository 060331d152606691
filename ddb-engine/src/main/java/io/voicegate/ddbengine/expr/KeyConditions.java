package io.voicegate.ddbengine.expr;

import io.voicegate.ddbengine.DynamoError;
import io.voicegate.ddbengine.expr.Ast.And;
import io.voicegate.ddbengine.expr.Ast.BeginsWith;
import io.voicegate.ddbengine.expr.Ast.Between;
import io.voicegate.ddbengine.expr.Ast.CmpOp;
import io.voicegate.ddbengine.expr.Ast.Compare;
import io.voicegate.ddbengine.expr.Ast.Cond;
import io.voicegate.ddbengine.expr.Ast.Const;
import io.voicegate.ddbengine.expr.Ast.Contains;
import io.voicegate.ddbengine.expr.Ast.Exists;
import io.voicegate.ddbengine.expr.Ast.In;
import io.voicegate.ddbengine.expr.Ast.Not;
import io.voicegate.ddbengine.expr.Ast.Operand;
import io.voicegate.ddbengine.expr.Ast.Or;
import io.voicegate.ddbengine.expr.Ast.Path;
import io.voicegate.ddbengine.expr.Ast.Size;
import io.voicegate.ddbengine.expr.Ast.TypeIs;
import io.voicegate.ddbengine.value.Value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed KeyConditionExpression: one or two key conditions joined by AND (developer guide, "Key condition
 * expressions for the Query operation"). The parser cannot know the key schema, so it only checks the form; call
 * {@link #forKeys} with the table's or index's key names to get the {@link KeyCondition}.
 */
public final class KeyConditions {

    private final Map<String, SortKeyCondition> byName;

    private KeyConditions(Map<String, SortKeyCondition> byName) {
        this.byName = byName;
    }

    /** The conditions, in the order written, each on a top-level attribute. */
    public List<SortKeyCondition> conditions() {
        return List.copyOf(byName.values());
    }

    /**
     * Matches the conditions with a key schema, as DynamoDB's Query does, throwing a ValidationException:
     * <ul>
     * <li>"Query condition missed key schema element: pk" — no condition on the partition key, or two conditions
     * of which none is on the sort key;</li>
     * <li>"Query key condition not supported" — the partition key is compared other than with {@code =}, or a
     * table without sort key gets two conditions.</li>
     * </ul>
     * Checking the values' types against the attribute definitions ("One or more parameter values were invalid:
     * Condition parameter type does not match schema type") is left to the caller, which knows them.
     *
     * @param sortKey the sort key name, or null when the table or index has none
     */
    public KeyCondition forKeys(String partitionKey, String sortKey) {
        if (sortKey == null && byName.size() > 1) {
            throw DynamoError.validation("Query key condition not supported");
        }
        SortKeyCondition pk = byName.get(partitionKey);
        if (pk == null) {
            throw DynamoError.validation("Query condition missed key schema element: " + partitionKey);
        }
        if (pk.op() != SortKeyCondition.Op.EQ) {
            throw DynamoError.validation("Query key condition not supported");
        }
        SortKeyCondition sk = sortKey == null ? null : byName.get(sortKey);
        if (byName.size() > 1 && sk == null) {
            throw DynamoError.validation("Query condition missed key schema element: " + sortKey);
        }
        return new KeyCondition(partitionKey, pk.value(), sk);
    }

    /** Checks the form of a bound condition; the messages are DynamoDB's ("Invalid KeyConditionExpression: ..."). */
    static KeyConditions of(Cond cond) {
        Map<String, SortKeyCondition> byName = new LinkedHashMap<>();
        List<Cond> parts = new ArrayList<>();
        flatten(cond, parts);
        for (Cond c : parts) {
            SortKeyCondition k = single(c);
            if (byName.put(k.name(), k) != null) {
                throw new ExprException("KeyConditionExpressions must only contain one condition per key");
            }
        }
        if (byName.size() > 2) {
            // At most a partition and a sort key exist; a third condition is on a non-key attribute.
            throw new ExprException("KeyConditionExpressions must only contain one condition per key");
        }
        return new KeyConditions(byName);
    }

    private static void flatten(Cond c, List<Cond> out) {
        if (c instanceof And a) {
            flatten(a.left(), out);
            flatten(a.right(), out);
        } else {
            out.add(c);
        }
    }

    private static SortKeyCondition single(Cond c) {
        if (c instanceof Or) {
            throw invalidOperator("OR");
        }
        if (c instanceof Not) {
            throw invalidOperator("NOT");
        }
        if (c instanceof In) {
            throw invalidOperator("IN");
        }
        if (c instanceof Exists e) {
            throw invalidOperator(e.exists() ? "attribute_exists" : "attribute_not_exists");
        }
        if (c instanceof TypeIs) {
            throw invalidOperator("attribute_type");
        }
        if (c instanceof Contains) {
            throw invalidOperator("contains");
        }
        if (c instanceof Compare cmp) {
            if (cmp.op() == CmpOp.NE) {
                throw invalidOperator("<>");
            }
            noNested(cmp.left());
            noNested(cmp.right());
            if (cmp.left() instanceof Path && cmp.right() instanceof Path) {
                throw new ExprException("Invalid condition in KeyConditionExpression: Multiple attribute names used "
                        + "in one condition");
            }
            boolean keyFirst = cmp.left() instanceof Path;
            Operand key = keyFirst ? cmp.left() : cmp.right();
            Operand value = keyFirst ? cmp.right() : cmp.left();
            CmpOp op = keyFirst ? cmp.op() : cmp.op().flipped();
            return new SortKeyCondition(keyName(key), SortKeyCondition.Op.valueOf(op.name()), constant(value), null);
        }
        if (c instanceof Between b) {
            noNested(b.operand());
            noNested(b.lower());
            noNested(b.upper());
            if (!(b.operand() instanceof Path)) {
                throw new ExprException("Invalid condition in KeyConditionExpression: BETWEEN operator must have the "
                        + "key attribute as its first operand");
            }
            return new SortKeyCondition(keyName(b.operand()), SortKeyCondition.Op.BETWEEN, constant(b.lower()),
                    constant(b.upper()));
        }
        BeginsWith bw = (BeginsWith) c;
        noNested(bw.operand());
        noNested(bw.prefix());
        if (!(bw.operand() instanceof Path)) {
            throw new ExprException("Invalid condition in KeyConditionExpression: begins_with operator must have the "
                    + "key attribute as its first operand");
        }
        return new SortKeyCondition(keyName(bw.operand()), SortKeyCondition.Op.BEGINS_WITH, constant(bw.prefix()),
                null);
    }

    private static ExprException invalidOperator(String operator) {
        return new ExprException("Invalid operator used in KeyConditionExpression: " + operator);
    }

    private static void noNested(Operand o) {
        if (o instanceof Size) {
            throw new ExprException("KeyConditionExpressions cannot contain nested operations");
        }
    }

    private static String keyName(Operand o) {
        if (!(o instanceof Path p)) {
            throw new ExprException("Invalid condition in KeyConditionExpression: No key attribute specified");
        }
        if (p.elements().size() > 1) {
            throw new ExprException("KeyConditionExpressions cannot have conditions on nested attributes");
        }
        return p.head();
    }

    private static Value constant(Operand o) {
        if (o instanceof Const c) {
            return c.value();
        }
        throw new ExprException("Invalid condition in KeyConditionExpression: Multiple attribute names used in one "
                + "condition");
    }
}
