package io.voicegate.domain;

/** One validation failure, naming the field in dotted form (e.g. {@code payload.voice_name}). */
public record FieldError(String field, String message) {
}
