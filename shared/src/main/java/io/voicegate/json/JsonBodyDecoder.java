package io.voicegate.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.voicegate.domain.ValidationException;
import io.voicegate.port.BodyDecoder;

/** Decodes JSON bodies into plain maps and lists; a malformed body is a validation error naming {@code body}. */
public class JsonBodyDecoder implements BodyDecoder {

    @Override
    public Object decode(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ValidationException.of("body", "is required: a JSON object");
        }
        try {
            return Json.mapper().readValue(raw, Object.class);
        } catch (JsonProcessingException e) {
            // The parser's own message names a line and column; it never contains our internals.
            throw ValidationException.of("body", "is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
