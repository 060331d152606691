package io.voicegate.port;

/** Turns a raw request body into plain Java values (maps, lists, strings, numbers, booleans, null). */
public interface BodyDecoder {

    /** @throws io.voicegate.domain.ValidationException naming {@code body} when the text is not valid JSON */
    Object decode(String raw);
}
