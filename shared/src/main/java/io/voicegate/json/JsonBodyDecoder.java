package io.voicegate.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.voicegate.domain.TextRules;
import io.voicegate.domain.ValidationException;
import io.voicegate.port.BodyDecoder;

import java.util.List;
import java.util.Map;

/**
 * Decodes JSON bodies into plain maps and lists. A body that is not one well-formed JSON value, or that carries text
 * which is not valid Unicode (an unpaired surrogate, e.g. {@code "\ud800"}), is a validation error naming
 * {@code body} or the field, in a plain sentence: no parser or library names reach the client.
 */
public class JsonBodyDecoder implements BodyDecoder {

    @Override
    public Object decode(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ValidationException.of("body", "is required: a JSON object");
        }
        if (!TextRules.isWellFormed(raw)) {
            throw ValidationException.of("body", "is not valid UTF-8 text");
        }
        Object value;
        try {
            value = Json.mapper().readValue(raw, Object.class);
        } catch (JsonProcessingException e) {
            throw ValidationException.of("body", sentence(e));
        }
        requireWellFormed(value, "");
        return value;
    }

    @Override
    public String canonical(String raw) {
        try {
            Object value = Json.mapper().readValue(raw, Object.class);
            return Json.mapper().writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(value);
        } catch (JsonProcessingException | RuntimeException e) {
            return raw;
        }
    }

    /** A plain sentence for each kind of parse failure, with the line and column where it can help. */
    static String sentence(JsonProcessingException e) {
        String where = e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        if (e instanceof StreamConstraintsException) {
            return "is too deeply nested or has a value that is too long";
        }
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Duplicate field")) {
            return "has the same field twice" + where;
        }
        if (e instanceof MismatchedInputException && message.contains("Trailing token")) {
            return "must be exactly one JSON value; something follows it" + where;
        }
        if (e instanceof MismatchedInputException) {
            return "is not a complete JSON value" + where;
        }
        if (e instanceof JsonParseException && message.contains("Invalid UTF-8")) {
            return "is not valid UTF-8 text";
        }
        return "is not valid JSON" + where;
    }

    /** Every string and field name must be valid Unicode; the error names the field (dotted path) that is not. */
    private static void requireWellFormed(Object value, String path) {
        if (value instanceof String text && !TextRules.isWellFormed(text)) {
            throw ValidationException.of(path.isEmpty() ? "body" : path,
                    "is not valid Unicode text (it contains an unpaired surrogate such as \\ud800)");
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String name = String.valueOf(entry.getKey());
                if (!TextRules.isWellFormed(name)) {
                    throw ValidationException.of(path.isEmpty() ? "body" : path,
                            "has a field name that is not valid Unicode text");
                }
                requireWellFormed(entry.getValue(), path.isEmpty() ? name : path + "." + name);
            }
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                requireWellFormed(list.get(i), path + "[" + i + "]");
            }
        }
    }
}
