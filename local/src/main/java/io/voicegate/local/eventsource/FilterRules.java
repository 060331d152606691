package io.voicegate.local.eventsource;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The leaf rules of a Lambda event-filtering pattern: a field's list of alternatives, each a literal or one operator
 * ({@code prefix}, {@code suffix}, {@code equals-ignore-case}, {@code anything-but}, {@code numeric}, {@code exists}),
 * tested against the field's leaf values. Strings only match string rules and numbers numeric ones, as in Lambda.
 */
final class FilterRules {

    private static final List<String> NUMERIC_OPERATORS = List.of("=", "<", "<=", ">", ">=");

    private FilterRules() {
    }

    /**
     * @param name         the field, for error messages
     * @param alternatives the pattern's array for the field
     * @return a test of the field's leaf values (empty when the field is missing)
     */
    static Predicate<List<JsonNode>> leaf(String name, JsonNode alternatives) {
        if (alternatives.isEmpty()) {
            throw new IllegalArgumentException("filter field " + name + " has an empty list of values");
        }
        List<Predicate<List<JsonNode>>> any = new ArrayList<>();
        for (JsonNode alternative : alternatives) {
            any.add(rule(name, alternative));
        }
        return values -> any.stream().anyMatch(p -> p.test(values));
    }

    private static Predicate<List<JsonNode>> rule(String name, JsonNode rule) {
        if (rule.isValueNode()) {
            return anyValue(literal(rule));
        }
        if (!rule.isObject() || rule.size() != 1) {
            throw new IllegalArgumentException("filter field " + name + " has an invalid rule " + rule);
        }
        Map.Entry<String, JsonNode> operator = rule.properties().iterator().next();
        JsonNode operand = operator.getValue();
        return switch (operator.getKey()) {
            case "exists" -> {
                boolean exists = bool(name, operand);
                yield values -> values.isEmpty() != exists;
            }
            case "prefix" -> anyValue(text(name, operand, true, (value, p) -> value.startsWith(p)));
            case "suffix" -> anyValue(text(name, operand, true, (value, s) -> value.endsWith(s)));
            case "equals-ignore-case" -> anyValue(text(name, operand, false, String::equalsIgnoreCase));
            case "anything-but" -> anyValue(anythingBut(name, operand).negate());
            case "numeric" -> anyValue(numeric(name, operand));
            default -> throw new IllegalArgumentException("filter field " + name + " uses operator "
                    + operator.getKey() + ", which Lambda event filtering does not support");
        };
    }

    private static Predicate<List<JsonNode>> anyValue(Predicate<JsonNode> test) {
        return values -> values.stream().anyMatch(test);
    }

    private static Predicate<JsonNode> literal(JsonNode expected) {
        if (expected.isNumber()) {
            BigDecimal number = expected.decimalValue();
            return value -> value.isNumber() && value.decimalValue().compareTo(number) == 0;
        }
        return value -> value.getNodeType() == expected.getNodeType() && value.equals(expected);
    }

    private interface TextTest {
        boolean test(String value, String operand);
    }

    /** {@code "text"}, or (for prefix and suffix) {@code {"equals-ignore-case": "text"}}. */
    private static Predicate<JsonNode> text(String name, JsonNode operand, boolean ignoreCaseAllowed, TextTest test) {
        if (ignoreCaseAllowed && operand.isObject() && operand.size() == 1 && operand.has("equals-ignore-case")
                && operand.get("equals-ignore-case").isTextual()) {
            String lower = operand.get("equals-ignore-case").asText().toLowerCase();
            return value -> value.isTextual() && test.test(value.asText().toLowerCase(), lower);
        }
        if (!operand.isTextual()) {
            throw new IllegalArgumentException("filter field " + name + " needs a string operand, not " + operand);
        }
        String expected = operand.asText();
        return value -> value.isTextual() && test.test(value.asText(), expected);
    }

    /** What {@code anything-but} excludes: one value, a list of values, or a prefix/suffix/ignore-case rule. */
    private static Predicate<JsonNode> anythingBut(String name, JsonNode operand) {
        if (operand.isObject() && operand.size() == 1) {
            String operator = operand.fieldNames().next();
            JsonNode inner = operand.get(operator);
            return switch (operator) {
                case "prefix" -> text(name, inner, false, (value, p) -> value.startsWith(p));
                case "suffix" -> text(name, inner, false, (value, s) -> value.endsWith(s));
                case "equals-ignore-case" -> inner.isArray() ? anyOf(name, inner, i -> text(name, i, false,
                        String::equalsIgnoreCase)) : text(name, inner, false, String::equalsIgnoreCase);
                default -> throw new IllegalArgumentException("filter field " + name + ": anything-but does not take "
                        + operator);
            };
        }
        if (operand.isArray()) {
            return anyOf(name, operand, element -> scalar(name, element));
        }
        return scalar(name, operand);
    }

    private static Predicate<JsonNode> anyOf(String name, JsonNode operands,
                                             Function<JsonNode, Predicate<JsonNode>> each) {
        if (operands.isEmpty()) {
            throw new IllegalArgumentException("filter field " + name + ": anything-but has an empty list");
        }
        List<Predicate<JsonNode>> any = new ArrayList<>();
        operands.forEach(operand -> any.add(each.apply(operand)));
        return value -> any.stream().anyMatch(p -> p.test(value));
    }

    private static Predicate<JsonNode> scalar(String name, JsonNode operand) {
        if (!operand.isTextual() && !operand.isNumber()) {
            throw new IllegalArgumentException("filter field " + name + ": anything-but takes strings or numbers, not "
                    + operand);
        }
        return literal(operand);
    }

    /** {@code ["=", 5]}, {@code [">", 0]} or a range such as {@code [">", 0, "<=", 5]}: numbers only. */
    private static Predicate<JsonNode> numeric(String name, JsonNode operand) {
        if (!operand.isArray() || (operand.size() != 2 && operand.size() != 4)) {
            throw new IllegalArgumentException("filter field " + name
                    + ": numeric takes [op, n] or [op, n, op, n], not " + operand);
        }
        List<Predicate<BigDecimal>> all = new ArrayList<>();
        for (int i = 0; i < operand.size(); i += 2) {
            String op = operand.get(i).asText();
            JsonNode bound = operand.get(i + 1);
            if (!operand.get(i).isTextual() || !NUMERIC_OPERATORS.contains(op) || !bound.isNumber()) {
                throw new IllegalArgumentException("filter field " + name + " has an invalid numeric rule " + operand);
            }
            BigDecimal limit = bound.decimalValue();
            all.add(switch (op) {
                case "=" -> n -> n.compareTo(limit) == 0;
                case "<" -> n -> n.compareTo(limit) < 0;
                case "<=" -> n -> n.compareTo(limit) <= 0;
                case ">" -> n -> n.compareTo(limit) > 0;
                default -> n -> n.compareTo(limit) >= 0;
            });
        }
        return value -> value.isNumber() && all.stream().allMatch(p -> p.test(value.decimalValue()));
    }

    private static boolean bool(String name, JsonNode operand) {
        if (!operand.isBoolean()) {
            throw new IllegalArgumentException("filter field " + name + ": exists takes true or false, not " + operand);
        }
        return operand.asBoolean();
    }
}
