package io.voicegate.ddbengine.store;

/**
 * One key attribute: its name and scalar type ({@code S}, {@code N} or {@code B}), from the request's
 * {@code KeySchema} and {@code AttributeDefinitions}.
 */
public record KeyDef(String name, String type) {
}
