package io.voicegate.port;

/** Turns a raw request body into plain Java values (maps, lists, strings, numbers, booleans, null). */
public interface BodyDecoder {

    /**
     * @throws io.voicegate.domain.ValidationException naming {@code body} when the text is not one valid JSON value,
     *                                                 or naming the field whose text is not valid Unicode
     */
    Object decode(String raw);

    /**
     * The body in a canonical form that is equal for equal requests (object keys sorted, no insignificant white
     * space), used to compare requests under one idempotency key; the raw text when it does not decode.
     */
    String canonical(String raw);
}
