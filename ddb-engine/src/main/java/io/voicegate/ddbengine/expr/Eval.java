package io.voicegate.ddbengine.expr;

import io.voicegate.ddbengine.expr.Ast.And;
import io.voicegate.ddbengine.expr.Ast.BeginsWith;
import io.voicegate.ddbengine.expr.Ast.Between;
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
import io.voicegate.ddbengine.value.Values;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Evaluates bound conditions over an item, by the developer guide's "Comparison operator and function reference".
 * A missing attribute (or a path through a missing or wrongly-typed parent) is {@code null}, and any comparison with
 * it is false, except {@code <>}, which is true when exactly one side is missing.
 */
final class Eval {

    private Eval() {
    }

    /** The value at {@code path}, or null. */
    static Value get(Map<String, Value> item, Path path) {
        List<Object> elements = path.elements();
        Value current = item.get((String) elements.get(0));
        for (int i = 1; i < elements.size() && current != null; i++) {
            Object e = elements.get(i);
            if (e instanceof Integer index) {
                current = current instanceof Value.L l && index < l.value().size() ? l.value().get(index) : null;
            } else {
                current = current instanceof Value.M m ? m.value().get((String) e) : null;
            }
        }
        return current;
    }

    /** A condition operand's value, or null when missing. Update-only operands never reach here. */
    static Value operand(Operand o, Map<String, Value> item) {
        if (o instanceof Path p) {
            return get(item, p);
        }
        if (o instanceof Const c) {
            return c.value();
        }
        if (o instanceof Size s) {
            Value v = operand(s.operand(), item);
            Integer size = size(v);
            return size == null ? null : new Value.N(BigDecimal.valueOf(size));
        }
        throw new IllegalStateException("not a condition operand: " + o);
    }

    /**
     * size(): a string's and a binary's length in bytes (the PartiQL "SIZE function" page: "an attribute's size in
     * bytes"), the number of elements of a set or list, of entries of a map; null for other types, so that the
     * comparison it takes part in is false.
     */
    static Integer size(Value v) {
        if (v instanceof Value.S s) {
            return s.value().getBytes(StandardCharsets.UTF_8).length;
        }
        if (v instanceof Value.B b) {
            return b.value().length();
        }
        if (v instanceof Value.SS s) {
            return s.value().size();
        }
        if (v instanceof Value.NS s) {
            return s.value().size();
        }
        if (v instanceof Value.BS s) {
            return s.value().size();
        }
        if (v instanceof Value.L l) {
            return l.value().size();
        }
        if (v instanceof Value.M m) {
            return m.value().size();
        }
        return null;
    }

    static boolean test(Cond c, Map<String, Value> item) {
        if (c instanceof And a) {
            return test(a.left(), item) && test(a.right(), item);
        }
        if (c instanceof Or o) {
            return test(o.left(), item) || test(o.right(), item);
        }
        if (c instanceof Not n) {
            return !test(n.cond(), item);
        }
        if (c instanceof Compare cmp) {
            return compare(cmp, operand(cmp.left(), item), operand(cmp.right(), item));
        }
        if (c instanceof Between b) {
            Value x = operand(b.operand(), item);
            Value lo = operand(b.lower(), item);
            Value hi = operand(b.upper(), item);
            return x != null && lo != null && hi != null && Values.comparable(x, lo) && Values.comparable(x, hi)
                    && Values.compare(lo, x) <= 0 && Values.compare(x, hi) <= 0;
        }
        if (c instanceof In in) {
            Value x = operand(in.operand(), item);
            if (x == null) {
                return false;
            }
            for (Operand o : in.options()) {
                if (x.equals(operand(o, item))) {
                    return true;
                }
            }
            return false;
        }
        if (c instanceof Exists e) {
            return (get(item, e.path()) != null) == e.exists();
        }
        if (c instanceof TypeIs t) {
            Value v = get(item, t.path());
            return v != null && v.type().equals(t.type());
        }
        if (c instanceof BeginsWith b) {
            return beginsWith(operand(b.operand(), item), operand(b.prefix(), item));
        }
        Contains ct = (Contains) c;
        return contains(operand(ct.operand(), item), operand(ct.element(), item));
    }

    private static boolean compare(Compare cmp, Value a, Value b) {
        switch (cmp.op()) {
            case EQ:
                return a != null && a.equals(b);
            case NE:
                // A missing attribute differs from any value; two missing operands are not "different".
                return a == null ? b != null : !a.equals(b);
            default:
                if (a == null || b == null || !Values.comparable(a, b)) {
                    return false;
                }
                int r = Values.compare(a, b);
                return switch (cmp.op()) {
                    case LT -> r < 0;
                    case LE -> r <= 0;
                    case GT -> r > 0;
                    default -> r >= 0;
                };
        }
    }

    /** begins_with: a string by prefix or a binary by leading bytes; false for any other pair. */
    static boolean beginsWith(Value v, Value prefix) {
        if (v instanceof Value.S s && prefix instanceof Value.S p) {
            return s.value().startsWith(p.value());
        }
        if (v instanceof Value.B b && prefix instanceof Value.B p) {
            return b.value().startsWith(p.value());
        }
        return false;
    }

    /** contains: a substring of a string (or run of bytes of a binary), an element of a set, or of a list. */
    static boolean contains(Value v, Value element) {
        if (v == null || element == null) {
            return false;
        }
        if (v instanceof Value.S s) {
            return element instanceof Value.S e && s.value().contains(e.value());
        }
        if (v instanceof Value.B b) {
            return element instanceof Value.B e && b.value().contains(e.value());
        }
        if (v instanceof Value.SS s) {
            return element instanceof Value.S e && s.value().contains(e.value());
        }
        if (v instanceof Value.NS s) {
            return element instanceof Value.N e && s.value().contains(e.value());
        }
        if (v instanceof Value.BS s) {
            return element instanceof Value.B e && s.value().contains(e.value());
        }
        if (v instanceof Value.L l) {
            return l.value().contains(element);
        }
        return false;
    }
}
