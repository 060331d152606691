package io.voicegate.ddbengine.expr;

import io.voicegate.ddbengine.DynamoError;
import io.voicegate.ddbengine.expr.Ast.Action;
import io.voicegate.ddbengine.expr.Ast.Arith;
import io.voicegate.ddbengine.expr.Ast.Clause;
import io.voicegate.ddbengine.expr.Ast.Const;
import io.voicegate.ddbengine.expr.Ast.IfNotExists;
import io.voicegate.ddbengine.expr.Ast.ListAppend;
import io.voicegate.ddbengine.expr.Ast.Operand;
import io.voicegate.ddbengine.expr.Ast.Path;
import io.voicegate.ddbengine.value.Bytes;
import io.voicegate.ddbengine.value.Value;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Applies the actions of an update expression. Two phases, because DynamoDB evaluates every operand against the item
 * as it was before the update: first all SET values are computed from the old item, then the actions are applied to
 * a mutable copy in which list elements keep their original positions (removed ones become holes, writes past the
 * end wait in a side map) until the copy is frozen back into values.
 */
final class UpdatePlan implements Update {

    private static final String WRONG_TYPE = "An operand in the update expression has an incorrect data type";
    private static final String BAD_PATH = "The document path provided in the update expression is invalid for update";
    private static final String MISSING = "The provided expression refers to an attribute that does not exist in the "
            + "item";

    private final List<Action> actions;
    private final Set<String> topLevel = new LinkedHashSet<>();

    UpdatePlan(List<Action> actions) {
        this.actions = List.copyOf(actions);
        for (Action a : actions) {
            topLevel.add(a.path().head());
        }
    }

    @Override
    public Set<String> topLevelAttributes() {
        return Set.copyOf(topLevel);
    }

    @Override
    public Map<String, Value> apply(Map<String, Value> item) {
        List<Value> setValues = new ArrayList<>();
        for (Action a : actions) {
            setValues.add(a.clause() == Clause.SET ? value(a.value(), item) : null);
        }
        MutMap root = new MutMap(item);
        for (int i = 0; i < actions.size(); i++) {
            Action a = actions.get(i);
            List<Object> elements = a.path().elements();
            Object parent = root;
            for (int j = 0; j < elements.size() - 1 && parent != null; j++) {
                parent = child(parent, elements.get(j));
            }
            Object last = elements.get(elements.size() - 1);
            if (last instanceof Integer ? !(parent instanceof MutList) : !(parent instanceof MutMap)) {
                throw DynamoError.validation(BAD_PATH);
            }
            Slot slot = new Slot(parent, last);
            switch (a.clause()) {
                case SET -> slot.set(setValues.get(i));
                case REMOVE -> slot.remove();
                case ADD -> slot.set(add(slot.get(), ((Const) a.value()).value()));
                case DELETE -> {
                    Value existing = slot.get();
                    if (existing != null) {
                        Value rest = delete(existing, ((Const) a.value()).value());
                        if (rest == null) {
                            slot.remove();
                        } else {
                            slot.set(rest);
                        }
                    }
                }
            }
        }
        Map<String, Value> result = new LinkedHashMap<>();
        root.entries.forEach((k, v) -> result.put(k, freeze(v)));
        return result;
    }

    // ---- SET operands -----------------------------------------------------------------------------------------------

    private static Value value(Operand o, Map<String, Value> item) {
        if (o instanceof Const c) {
            return c.value();
        }
        if (o instanceof Path p) {
            Value v = Eval.get(item, p);
            if (v == null) {
                throw DynamoError.validation(MISSING);
            }
            return v;
        }
        if (o instanceof IfNotExists f) {
            Value v = Eval.get(item, f.path());
            return v != null ? v : value(f.fallback(), item);
        }
        if (o instanceof ListAppend la) {
            Value a = value(la.first(), item);
            Value b = value(la.second(), item);
            if (!(a instanceof Value.L x) || !(b instanceof Value.L y)) {
                throw DynamoError.validation(WRONG_TYPE);
            }
            List<Value> joined = new ArrayList<>(x.value());
            joined.addAll(y.value());
            return new Value.L(joined);
        }
        Arith ar = (Arith) o;
        Value a = value(ar.left(), item);
        Value b = value(ar.right(), item);
        if (!(a instanceof Value.N x) || !(b instanceof Value.N y)) {
            throw DynamoError.validation(WRONG_TYPE);
        }
        BigDecimal right = ar.plus() ? y.value() : y.value().negate();
        return new Value.N(Value.Numbers.add(x.value(), right));
    }

    // ---- ADD and DELETE ---------------------------------------------------------------------------------------------

    /** ADD: a missing attribute counts as 0 or the empty set; numbers add, sets of one type unite. */
    private static Value add(Value existing, Value operand) {
        if (existing == null) {
            return operand instanceof Value.N n ? new Value.N(Value.Numbers.add(BigDecimal.ZERO, n.value())) : operand;
        }
        if (existing instanceof Value.N x && operand instanceof Value.N y) {
            return new Value.N(Value.Numbers.add(x.value(), y.value()));
        }
        if (existing instanceof Value.SS x && operand instanceof Value.SS y) {
            return new Value.SS(union(x.value(), y.value()));
        }
        if (existing instanceof Value.NS x && operand instanceof Value.NS y) {
            return new Value.NS(union(x.value(), y.value()));
        }
        if (existing instanceof Value.BS x && operand instanceof Value.BS y) {
            return new Value.BS(union(x.value(), y.value()));
        }
        throw DynamoError.validation(WRONG_TYPE);
    }

    /** DELETE: the set without the operand's elements, or null when nothing is left (the attribute goes). */
    private static Value delete(Value existing, Value operand) {
        if (existing instanceof Value.SS x && operand instanceof Value.SS y) {
            Set<String> rest = minus(x.value(), y.value());
            return rest.isEmpty() ? null : new Value.SS(rest);
        }
        if (existing instanceof Value.NS x && operand instanceof Value.NS y) {
            Set<BigDecimal> rest = minus(x.value(), y.value());
            return rest.isEmpty() ? null : new Value.NS(rest);
        }
        if (existing instanceof Value.BS x && operand instanceof Value.BS y) {
            Set<Bytes> rest = minus(x.value(), y.value());
            return rest.isEmpty() ? null : new Value.BS(rest);
        }
        throw DynamoError.validation(WRONG_TYPE);
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return out;
    }

    private static <T> Set<T> minus(Set<T> a, Collection<T> b) {
        Set<T> out = new LinkedHashSet<>(a);
        out.removeAll(b);
        return out;
    }

    // ---- the mutable copy -------------------------------------------------------------------------------------------

    private static final Object HOLE = new Object();

    /** A map being updated; values are {@link Value}s until an action descends into them. */
    private static final class MutMap {
        final LinkedHashMap<String, Object> entries = new LinkedHashMap<>();

        MutMap(Map<String, Value> map) {
            entries.putAll(map);
        }
    }

    /** A list being updated: original positions stay put; removed ones are {@link #HOLE}s. */
    private static final class MutList {
        final List<Object> slots;
        final TreeMap<Integer, Object> appended = new TreeMap<>();

        MutList(List<Value> list) {
            slots = new ArrayList<>(list);
        }
    }

    /** Descends one element, turning the Value there into a mutable node; null when there is nothing to descend. */
    private static Object child(Object node, Object element) {
        if (element instanceof Integer index && node instanceof MutList l) {
            if (index < l.slots.size()) {
                Object v = mutable(l.slots.get(index));
                l.slots.set(index, v);
                return v == HOLE ? null : v;
            }
            Object v = mutable(l.appended.get(index));
            if (v != null) {
                l.appended.put(index, v);
            }
            return v;
        }
        if (element instanceof String name && node instanceof MutMap m) {
            Object v = mutable(m.entries.get(name));
            if (v != null) {
                m.entries.put(name, v);
            }
            return v;
        }
        return null;
    }

    private static Object mutable(Object v) {
        if (v instanceof Value.M m) {
            return new MutMap(m.value());
        }
        if (v instanceof Value.L l) {
            return new MutList(l.value());
        }
        return v;
    }

    private static Value freeze(Object node) {
        if (node instanceof MutMap m) {
            Map<String, Value> out = new LinkedHashMap<>();
            m.entries.forEach((k, v) -> out.put(k, freeze(v)));
            return new Value.M(out);
        }
        if (node instanceof MutList l) {
            List<Value> out = new ArrayList<>();
            for (Object v : l.slots) {
                if (v != HOLE) {
                    out.add(freeze(v));
                }
            }
            for (Object v : l.appended.values()) {
                out.add(freeze(v));
            }
            return new Value.L(out);
        }
        return (Value) node;
    }

    /** The target of one action: a key of a map or a position of a list. */
    private record Slot(Object parent, Object element) {
        Value get() {
            Object v;
            if (parent instanceof MutMap m) {
                v = m.entries.get((String) element);
            } else {
                MutList l = (MutList) parent;
                int index = (Integer) element;
                v = index < l.slots.size() ? l.slots.get(index) : l.appended.get(index);
            }
            return v == null || v == HOLE ? null : freeze(v);
        }

        /** Sets the value; in a list, an index past the end appends (ordered by index). */
        void set(Value v) {
            if (parent instanceof MutMap m) {
                m.entries.put((String) element, v);
            } else {
                MutList l = (MutList) parent;
                int index = (Integer) element;
                if (index < l.slots.size()) {
                    l.slots.set(index, v);
                } else {
                    l.appended.put(index, v);
                }
            }
        }

        /** Removes the value; later list elements shift down when the list is frozen. Missing is no error. */
        void remove() {
            if (parent instanceof MutMap m) {
                m.entries.remove((String) element);
            } else {
                MutList l = (MutList) parent;
                int index = (Integer) element;
                if (index < l.slots.size()) {
                    l.slots.set(index, HOLE);
                } else {
                    l.appended.remove(index);
                }
            }
        }
    }
}
