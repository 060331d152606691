package io.voicegate.ddbengine.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegate.ddbengine.DynamoError;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON form of {@code AttributeValue} (API reference, "AttributeValue"): exactly one type key per value, numbers
 * as strings, binary as base64. Reading checks DynamoDB's rules and throws its {@code ValidationException}s.
 */
public final class WireValues {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private WireValues() {
    }

    /**
     * How deep M and L values may nest: "Nesting Levels have exceeded supported limits" past 32 (developer guide,
     * "Service quotas: Nested attribute depth").
     */
    public static final int MAX_NESTING = 32;

    /** Reads an item ({@code {"name": {"S": "..."}, ...}}); null or missing reads as an empty item. */
    public static Map<String, Value> item(JsonNode node) {
        return item(node, 0);
    }

    private static Map<String, Value> item(JsonNode node, int depth) {
        Map<String, Value> item = new LinkedHashMap<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return item;
        }
        if (!node.isObject()) {
            throw DynamoError.validation("Item must be a map of attribute names to values");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            item.put(e.getKey(), value(e.getValue(), depth));
        }
        return item;
    }

    /** Reads one attribute value. */
    public static Value value(JsonNode node) {
        return value(node, 0);
    }

    private static Value value(JsonNode node, int depth) {
        if (node == null || !node.isObject() || node.size() == 0) {
            throw DynamoError.validation(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        if (node.size() > 1) {
            throw DynamoError.validation(
                    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
                            + "supported datatypes");
        }
        Map.Entry<String, JsonNode> e = node.fields().next();
        JsonNode v = e.getValue();
        switch (e.getKey()) {
            case "S":
                return new Value.S(text(v));
            case "N":
                return Value.N.parse(text(v));
            case "B":
                return new Value.B(binary(v));
            case "BOOL":
                if (!v.isBoolean()) {
                    throw DynamoError.validation("BOOL must be true or false");
                }
                return new Value.BOOL(v.booleanValue());
            case "NULL":
                if (!v.isBoolean() || !v.booleanValue()) {
                    throw DynamoError.validation("One or more parameter values were invalid: "
                            + "Null attribute value types must have the value of true");
                }
                return new Value.NULL();
            case "M":
                if (!v.isObject()) {
                    throw DynamoError.validation("M must be a map");
                }
                return new Value.M(item(v, nested(depth)));
            case "L": {
                List<Value> list = new ArrayList<>();
                int inner = nested(depth);
                for (JsonNode element : array(v)) {
                    list.add(value(element, inner));
                }
                return new Value.L(list);
            }
            case "SS": {
                Set<String> set = new LinkedHashSet<>();
                for (JsonNode element : nonEmptySet(v, "string")) {
                    set.add(unique(set, text(element), v));
                }
                return new Value.SS(set);
            }
            case "NS": {
                Set<BigDecimal> set = new LinkedHashSet<>();
                for (JsonNode element : nonEmptySet(v, "number")) {
                    set.add(unique(set, Value.Numbers.parse(text(element)), v));
                }
                return new Value.NS(set);
            }
            case "BS": {
                Set<Bytes> set = new LinkedHashSet<>();
                for (JsonNode element : nonEmptySet(v, "binary")) {
                    set.add(unique(set, binary(element), v));
                }
                return new Value.BS(set);
            }
            default:
                throw DynamoError.validation("Supplied AttributeValue has an unknown datatype: " + e.getKey());
        }
    }

    private static int nested(int depth) {
        if (depth + 1 > MAX_NESTING) {
            throw DynamoError.validation("Nesting Levels have exceeded supported limits");
        }
        return depth + 1;
    }

    private static <T> T unique(Set<T> set, T element, JsonNode whole) {
        if (set.contains(element)) {
            throw DynamoError.validation("One or more parameter values were invalid: Input collection "
                    + whole + " contains duplicates.");
        }
        return element;
    }

    private static String text(JsonNode v) {
        if (v == null || !v.isTextual()) {
            throw DynamoError.validation("Expected a string in an AttributeValue");
        }
        return v.textValue();
    }

    private static Bytes binary(JsonNode v) {
        try {
            return Bytes.fromBase64(text(v));
        } catch (IllegalArgumentException e) {
            throw DynamoError.validation("Invalid base64 in a binary AttributeValue");
        }
    }

    private static JsonNode array(JsonNode v) {
        if (v == null || !v.isArray()) {
            throw DynamoError.validation("Expected a list in an AttributeValue");
        }
        return v;
    }

    private static JsonNode nonEmptySet(JsonNode v, String kind) {
        if (array(v).isEmpty()) {
            throw DynamoError.validation("One or more parameter values were invalid: An " + kind
                    + " set  may not be empty");
        }
        return v;
    }

    /** Writes an item. */
    public static ObjectNode json(Map<String, Value> item) {
        ObjectNode node = JSON.objectNode();
        item.forEach((name, value) -> node.set(name, json(value)));
        return node;
    }

    /** Writes one attribute value. */
    public static ObjectNode json(Value value) {
        ObjectNode node = JSON.objectNode();
        if (value instanceof Value.S s) {
            node.put("S", s.value());
        } else if (value instanceof Value.N n) {
            node.put("N", n.text());
        } else if (value instanceof Value.B b) {
            node.put("B", b.value().base64());
        } else if (value instanceof Value.BOOL b) {
            node.put("BOOL", b.value());
        } else if (value instanceof Value.NULL) {
            node.put("NULL", true);
        } else if (value instanceof Value.M m) {
            node.set("M", json(m.value()));
        } else if (value instanceof Value.L l) {
            ArrayNode list = node.putArray("L");
            l.value().forEach(v -> list.add(json(v)));
        } else if (value instanceof Value.SS ss) {
            ArrayNode set = node.putArray("SS");
            ss.value().forEach(set::add);
        } else if (value instanceof Value.NS ns) {
            ArrayNode set = node.putArray("NS");
            ns.value().forEach(n -> set.add(n.toPlainString()));
        } else if (value instanceof Value.BS bs) {
            ArrayNode set = node.putArray("BS");
            bs.value().forEach(b -> set.add(b.base64()));
        }
        return node;
    }
}
