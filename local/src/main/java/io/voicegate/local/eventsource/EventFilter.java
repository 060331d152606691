package io.voicegate.local.eventsource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.voicegate.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One Lambda event-filtering pattern (a {@code FilterCriteria} filter's {@code Pattern}), matched against the JSON of
 * one record as Lambda sees it ({@code eventName}, {@code dynamodb.NewImage.status.S}, …). The rules are
 * EventBridge's, as far as Lambda supports them: a nested object is an AND of its fields, {@code $or} an OR of
 * sub-patterns, and each leaf is a list of alternatives (see {@link FilterRules}) compared with the record's leaf
 * values: an array counts as its elements, and an object or a missing field has none, so only {@code exists: false}
 * matches there. A pattern Lambda would reject is rejected here when parsed.
 */
final class EventFilter {

    private final Predicate<JsonNode> root;

    private EventFilter(Predicate<JsonNode> root) {
        this.root = root;
    }

    /** @throws IllegalArgumentException when the pattern is not valid JSON or not a valid filter pattern */
    static EventFilter parse(String pattern) {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(pattern);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("filter pattern is not valid JSON: " + pattern, e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("filter pattern must be a JSON object: " + pattern);
        }
        return new EventFilter(fields(tree));
    }

    boolean matches(JsonNode record) {
        return root.test(record);
    }

    /** Lambda's rule for a mapping's filters: no filters lets every record through, otherwise any one must match. */
    static boolean anyMatches(List<EventFilter> filters, JsonNode record) {
        return filters.isEmpty() || filters.stream().anyMatch(filter -> filter.matches(record));
    }

    private static Predicate<JsonNode> fields(JsonNode pattern) {
        List<Predicate<JsonNode>> all = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : pattern.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals("$or")) {
                all.add(or(value));
            } else if (value.isObject()) {
                Predicate<JsonNode> nested = fields(value);
                all.add(node -> {
                    JsonNode child = node.path(name);
                    if (child.isArray() && !child.isEmpty()) {
                        for (JsonNode element : child) {
                            if (nested.test(element)) {
                                return true;
                            }
                        }
                        return false;
                    }
                    return nested.test(child.isArray() ? MissingNode.getInstance() : child);
                });
            } else if (value.isArray()) {
                Predicate<List<JsonNode>> leaf = FilterRules.leaf(name, value);
                all.add(node -> leaf.test(leafValues(node.path(name), new ArrayList<>())));
            } else {
                throw new IllegalArgumentException("filter field " + name + " must be an object or an array, not "
                        + value);
            }
        }
        return node -> all.stream().allMatch(p -> p.test(node));
    }

    private static Predicate<JsonNode> or(JsonNode alternatives) {
        if (!alternatives.isArray() || alternatives.size() < 2) {
            throw new IllegalArgumentException("$or needs an array of at least two patterns, not " + alternatives);
        }
        List<Predicate<JsonNode>> any = new ArrayList<>();
        for (JsonNode alternative : alternatives) {
            if (!alternative.isObject()) {
                throw new IllegalArgumentException("$or alternatives must be objects, not " + alternative);
            }
            any.add(fields(alternative));
        }
        return node -> any.stream().anyMatch(p -> p.test(node));
    }

    private static List<JsonNode> leafValues(JsonNode node, List<JsonNode> into) {
        if (node.isArray()) {
            node.forEach(element -> leafValues(element, into));
        } else if (!node.isMissingNode() && !node.isObject()) {
            into.add(node);
        }
        return into;
    }
}
