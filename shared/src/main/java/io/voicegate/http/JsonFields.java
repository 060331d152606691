package io.voicegate.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.domain.FieldError;
import io.voicegate.domain.ValidationException;
import io.voicegate.json.Json;
import io.voicegate.json.JsonBodyDecoder;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a small JSON object body field by field, collecting every problem (each naming its field) so one 400 lists
 * them all; unknown fields are refused, so a typo is never silently dropped.
 */
final class JsonFields {

    private final JsonNode body;
    private final List<FieldError> errors = new ArrayList<>();

    private JsonFields(JsonNode body) {
        this.body = body;
    }

    /**
     * @param allowed the field names the body may have
     * @throws ValidationException the body is not a JSON object, or has fields not allowed
     */
    static JsonFields parse(String text, Set<String> allowed) {
        // read as the public API reads a submission: the same plain sentences for what is not valid JSON
        Object value = text == null || text.isBlank() ? Map.of() : JsonBodyDecoder.decode(text);
        if (!(value instanceof Map<?, ?>)) {
            throw ValidationException.of("body", "must be a JSON object");
        }
        JsonNode body = Json.mapper().valueToTree(value);
        JsonFields fields = new JsonFields(body);
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                fields.errors.add(new FieldError(name, "is not a known field"));
            }
        }
        return fields;
    }

    Optional<String> optionalText(String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(name, "must be a string"));
            return Optional.empty();
        }
        return Optional.of(value.asText());
    }

    String text(String name) {
        if (!body.hasNonNull(name)) {
            errors.add(new FieldError(name, "is required"));
            return null;
        }
        return optionalText(name).orElse(null);
    }

    /** A whole number that fits in a long (µUSD amounts); 0 when absent or wrong, with the error noted. */
    long wholeNumber(String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            errors.add(new FieldError(name, "is required"));
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            errors.add(new FieldError(name, "must be a whole number of micro-USD"));
            return 0;
        }
        return value.asLong();
    }

    /** An array of strings, each in its place: an element that is not a string is reported and kept as null. */
    List<String> texts(String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        if (!value.isArray()) {
            errors.add(new FieldError(name, "must be an array of strings"));
            return texts;
        }
        for (int i = 0; i < value.size(); i++) {
            if (value.get(i).isTextual()) {
                texts.add(value.get(i).asText());
            } else {
                // kept in its place (as null), so the problems found later name the right index
                texts.add(null);
                errors.add(new FieldError(name + "[" + i + "]", "must be a string"));
            }
        }
        return texts;
    }

    /**
     * Adds the use case's problems with the values read, but none for a field already refused here (a missing or
     * mistyped field is said once, as such).
     *
     * @throws ValidationException when any field read so far, or any of {@code more}, had a problem
     */
    void check(List<FieldError> more) {
        Set<String> refused = errors.stream().map(FieldError::field).collect(Collectors.toSet());
        more.stream().filter(e -> !refused.contains(e.field())).forEach(errors::add);
        check();
    }

    /** @throws ValidationException when any field read so far had a problem */
    void check() {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }
}
