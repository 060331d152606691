package io.voicegate.ddbengine.expr;

import io.voicegate.ddbengine.expr.Ast.Path;
import io.voicegate.ddbengine.value.Value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Copies the projected paths of an item into a new one, rebuilding the maps and lists on the way. */
final class ProjectionPlan implements Projection {

    private final List<Path> paths;

    ProjectionPlan(List<Path> paths) {
        this.paths = List.copyOf(paths);
    }

    @Override
    public Set<String> topLevelAttributes() {
        Set<String> names = new LinkedHashSet<>();
        paths.forEach(p -> names.add(p.head()));
        return Set.copyOf(names);
    }

    @Override
    public Map<String, Value> apply(Map<String, Value> item) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Path p : paths) {
            Value v = Eval.get(item, p);
            if (v == null) {
                continue;
            }
            List<Object> elements = p.elements();
            Object node = root;
            for (int i = 0; i < elements.size() - 1; i++) {
                boolean nextIsIndex = elements.get(i + 1) instanceof Integer;
                node = descend(node, elements.get(i), nextIsIndex);
            }
            put(node, elements.get(elements.size() - 1), v);
        }
        Map<String, Value> out = new LinkedHashMap<>();
        root.forEach((k, v) -> out.put(k, freeze(v)));
        return out;
    }

    /** A map node is a LinkedHashMap, a list node a TreeMap from original index (so elements keep their order). */
    @SuppressWarnings("unchecked")
    private static Object descend(Object node, Object element, boolean listChild) {
        Object fresh = listChild ? new TreeMap<Integer, Object>() : new LinkedHashMap<String, Object>();
        if (element instanceof Integer index) {
            return ((TreeMap<Integer, Object>) node).computeIfAbsent(index, k -> fresh);
        }
        return ((Map<String, Object>) node).computeIfAbsent((String) element, k -> fresh);
    }

    @SuppressWarnings("unchecked")
    private static void put(Object node, Object element, Value v) {
        if (element instanceof Integer index) {
            ((TreeMap<Integer, Object>) node).put(index, v);
        } else {
            ((Map<String, Object>) node).put((String) element, v);
        }
    }

    @SuppressWarnings("unchecked")
    private static Value freeze(Object node) {
        if (node instanceof TreeMap<?, ?> list) {
            List<Value> out = new ArrayList<>();
            list.values().forEach(v -> out.add(freeze(v)));
            return new Value.L(out);
        }
        if (node instanceof LinkedHashMap<?, ?> map) {
            Map<String, Value> out = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> out.put(k, freeze(v)));
            return new Value.M(out);
        }
        return (Value) node;
    }
}
