package io.voicegate.ddbengine.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.ddbengine.DynamoError;
import io.voicegate.ddbengine.expr.ExpressionContext;
import io.voicegate.ddbengine.value.Value;
import io.voicegate.ddbengine.value.WireValues;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading the request parameters every operation shares. */
final class Params {

    private Params() {
    }

    /** {@code TableName}, required. */
    static String tableName(JsonNode request) {
        JsonNode name = request.get("TableName");
        if (name == null || name.isNull()) {
            throw DynamoError.validation("1 validation error detected: Value null at 'tableName' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        if (!name.isTextual()) {
            throw serialization("TableName", "a string");
        }
        if (name.asText().length() < 1 || name.asText().length() > 1024) {
            throw DynamoError.validation("1 validation error detected: Value '" + name.asText() + "' at 'tableName' "
                    + "failed to satisfy constraint: Member must have length between 1 and 1024");
        }
        return name.asText();
    }

    /** The SDKs' answer to a member of the wrong JSON type: {@code SerializationException}. */
    static DynamoError serialization(String member, String expected) {
        return new DynamoError("SerializationException", 400, member + " must be " + expected);
    }

    /** An optional Boolean parameter; a {@code SerializationException} when it is not a JSON Boolean. */
    static boolean bool(JsonNode request, String name, boolean otherwise) {
        JsonNode node = request.get(name);
        if (node == null || node.isNull()) {
            return otherwise;
        }
        if (!node.isBoolean()) {
            throw serialization(name, "a Boolean");
        }
        return node.booleanValue();
    }

    /** An optional integer parameter, or null; a {@code SerializationException} when it is not a JSON integer. */
    static Integer integer(JsonNode request, String name) {
        JsonNode node = request.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw serialization(name, "an integer");
        }
        return node.intValue();
    }

    /**
     * An optional integer parameter held to {@code [min, max]} with the API's constraint message, or
     * {@code otherwise} when absent.
     */
    static Integer bounded(JsonNode request, String name, int min, int max, Integer otherwise) {
        Integer value = integer(request, name);
        if (value == null) {
            return otherwise;
        }
        String member = Character.toLowerCase(name.charAt(0)) + name.substring(1);
        if (value < min) {
            throw DynamoError.validation("1 validation error detected: Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must have value greater than or equal to " + min);
        }
        if (value > max) {
            throw DynamoError.validation("1 validation error detected: Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must have value less than or equal to " + max);
        }
        return value;
    }

    /** An optional enumerated parameter, or {@code otherwise}; the API's constraint message for any other value. */
    static String oneOf(JsonNode request, String name, String otherwise, String... allowed) {
        String value = text(request, name);
        if (value == null) {
            return otherwise;
        }
        for (String a : allowed) {
            if (a.equals(value)) {
                return value;
            }
        }
        String member = Character.toLowerCase(name.charAt(0)) + name.substring(1);
        throw DynamoError.validation("1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: Member must satisfy enum value set: " + String.join(", ", allowed));
    }

    /** A required object parameter, e.g. {@code Key} or {@code Item}. */
    static JsonNode required(JsonNode request, String name) {
        JsonNode node = request.get(name);
        if (node == null || node.isNull()) {
            String member = Character.toLowerCase(name.charAt(0)) + name.substring(1);
            throw DynamoError.validation("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return node;
    }

    /** An optional text parameter, or null; a {@code SerializationException} when it is not a JSON string. */
    static String text(JsonNode request, String name) {
        JsonNode node = request.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw serialization(name, "a string");
        }
        return node.asText();
    }

    /**
     * The request's {@code ExpressionAttributeNames} and {@code ExpressionAttributeValues}. Either given without any
     * expression to use it is a ValidationException, as is an empty map.
     */
    static ExpressionContext expressions(JsonNode request, String... expressionParams) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, Value> values = new LinkedHashMap<>();
        JsonNode n = request.get("ExpressionAttributeNames");
        if (n != null && !n.isNull()) {
            if (n.isEmpty()) {
                throw DynamoError.validation("ExpressionAttributeNames must not be empty");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                names.put(e.getKey(), e.getValue().asText());
            }
        }
        JsonNode v = request.get("ExpressionAttributeValues");
        if (v != null && !v.isNull()) {
            if (v.isEmpty()) {
                throw DynamoError.validation("ExpressionAttributeValues must not be empty");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                try {
                    values.put(e.getKey(), WireValues.value(e.getValue()));
                } catch (DynamoError error) {
                    throw DynamoError.validation("ExpressionAttributeValues contains invalid value: "
                            + error.getMessage() + " for key " + e.getKey());
                }
            }
        }
        boolean anyExpression = false;
        for (String param : expressionParams) {
            anyExpression |= text(request, param) != null;
        }
        if (!anyExpression && !names.isEmpty()) {
            throw DynamoError.validation("ExpressionAttributeNames can only be specified when using expressions");
        }
        if (!anyExpression && !values.isEmpty()) {
            throw DynamoError.validation("ExpressionAttributeValues can only be specified when using expressions");
        }
        return new ExpressionContext(names, values);
    }

    /** Legacy parameters (API reference: "This is a legacy parameter") this engine does not serve. */
    static void refuseLegacy(JsonNode request, String... params) {
        for (String param : params) {
            if (request.has(param) && !request.get(param).isNull()) {
                throw DynamoError.validation("The legacy parameter " + param + " is not supported by this engine; "
                        + "use expressions");
            }
        }
    }

    static String returnValues(JsonNode request, String... allowed) {
        String rv = request.path("ReturnValues").asText("NONE");
        for (String a : allowed) {
            if (a.equals(rv)) {
                return rv;
            }
        }
        throw DynamoError.validation("Return values set to invalid value");
    }

    static boolean allOldOnConditionFailure(JsonNode request) {
        return "ALL_OLD".equals(request.path("ReturnValuesOnConditionCheckFailure").asText("NONE"));
    }
}
