package io.voicegate.ddbengine.expr;

import io.voicegate.ddbengine.DynamoError;
import io.voicegate.ddbengine.value.Value;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code ExpressionAttributeNames} ({@code #n -> name}) and {@code ExpressionAttributeValues} ({@code :v -> value})
 * of one request, shared by all its expressions, recording which were used (developer guide, "Expression attribute
 * names (aliases)" and "Using expression attribute values"). Parse every expression of the request with the same
 * context, then call {@link #checkAllUsed()}: DynamoDB refuses a request that defines a name or value no expression
 * uses.
 */
public final class ExpressionContext {

    private static final Pattern NAME_KEY = Pattern.compile("#[0-9A-Za-z_]+");
    private static final Pattern VALUE_KEY = Pattern.compile(":[0-9A-Za-z_]+");

    private final Map<String, String> names;
    private final Map<String, Value> values;
    private final Set<String> usedNames = new HashSet<>();
    private final Set<String> usedValues = new HashSet<>();

    /**
     * Either map may be null or empty. Keys must have the form {@code #[0-9A-Za-z_]+} / {@code :[0-9A-Za-z_]+}, else
     * a ValidationException {@code ExpressionAttributeNames contains invalid key: Syntax error; key: "a"} (or the
     * {@code ExpressionAttributeValues} variant), as DynamoDB answers.
     */
    public ExpressionContext(Map<String, String> names, Map<String, Value> values) {
        this.names = names == null ? Map.of() : new LinkedHashMap<>(names);
        this.values = values == null ? Map.of() : new LinkedHashMap<>(values);
        for (String key : this.names.keySet()) {
            if (!NAME_KEY.matcher(key).matches()) {
                throw DynamoError.validation(
                        "ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + key + "\"");
            }
        }
        for (String key : this.values.keySet()) {
            if (!VALUE_KEY.matcher(key).matches()) {
                throw DynamoError.validation(
                        "ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + key + "\"");
            }
        }
    }

    /** An empty context, for requests without names or values. */
    public static ExpressionContext empty() {
        return new ExpressionContext(null, null);
    }

    /** The attribute name {@code ref} ({@code #n}) stands for, marking it used; null when not defined. */
    String name(String ref) {
        String name = names.get(ref);
        if (name != null) {
            usedNames.add(ref);
        }
        return name;
    }

    /** The value {@code ref} ({@code :v}) stands for, marking it used; null when not defined. */
    Value value(String ref) {
        Value value = values.get(ref);
        if (value != null) {
            usedValues.add(ref);
        }
        return value;
    }

    /**
     * A ValidationException when a provided name or value was used by no expression parsed with this context:
     * {@code Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}}, names checked first,
     * then {@code Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}}.
     */
    public void checkAllUsed() {
        List<String> unusedNames = new ArrayList<>(names.keySet());
        unusedNames.removeAll(usedNames);
        if (!unusedNames.isEmpty()) {
            throw DynamoError.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                    + String.join(", ", unusedNames) + "}");
        }
        List<String> unusedValues = new ArrayList<>(values.keySet());
        unusedValues.removeAll(usedValues);
        if (!unusedValues.isEmpty()) {
            throw DynamoError.validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {"
                    + String.join(", ", unusedValues) + "}");
        }
    }
}
