package io.voicegate.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.voicegate.domain.TextRules;
import io.voicegate.domain.ValidationException;
import io.voicegate.app.SubmittedBody;

import java.util.List;
import java.util.Map;

/**
 * Decodes JSON bodies into plain maps and lists. A body that is not one well-formed JSON value, or that carries text
 * which is not valid Unicode (an unpaired surrogate, e.g. {@code "\ud800"}), is a validation error naming
 * {@code body} or the field, in a plain sentence: no parser or library names reach the client.
 */
public final class JsonBodyDecoder {

    private JsonBodyDecoder() {
    }

    /** Reads a submission's body at the edge: its value and canonical form, or why it cannot be read. */
    public static SubmittedBody read(String raw) {
        try {
            Object value = decode(raw);
            return SubmittedBody.read(raw, value, canonical(value));
        } catch (ValidationException e) {
            return SubmittedBody.unreadable(raw == null ? "" : raw, e);
        }
    }

    /**
     * @throws ValidationException naming {@code body} when the text is not one valid JSON value, or naming the field
     *                             whose text is not valid Unicode
     */
    public static Object decode(String raw) {
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

    /**
     * A decoded body in a canonical form that is equal for equal requests (object keys sorted, no insignificant white
     * space): what is compared under one idempotency key.
     */
    private static String canonical(Object value) {
        try {
            return Json.mapper().writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a decoded body always writes back", e);
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
