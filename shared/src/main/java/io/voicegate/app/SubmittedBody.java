package io.voicegate.app;

import io.voicegate.domain.FieldError;
import io.voicegate.domain.ValidationException;

import java.util.List;
import java.util.Optional;

/**
 * A submission's body as the edge read it (JSON is parsed there, once): the text as sent, and either the plain Java
 * value it reads as (maps, lists, strings, numbers, booleans, null) with its canonical text — equal for equal
 * bodies, compared under one idempotency key — or the field errors saying why it cannot be read.
 */
public final class SubmittedBody {

    private final String text;
    private final Object value;
    private final String canonical;
    private final List<FieldError> problems;

    private SubmittedBody(String text, Object value, String canonical, List<FieldError> problems) {
        this.text = text;
        this.value = value;
        this.canonical = canonical;
        this.problems = List.copyOf(problems);
    }

    /** A body that reads as {@code value}, whose canonical form (object keys sorted, no white space) is given. */
    public static SubmittedBody read(String text, Object value, String canonical) {
        return new SubmittedBody(text, value, canonical, List.of());
    }

    /** A body that cannot be read, for the reasons {@code why} names (its canonical form is its text). */
    public static SubmittedBody unreadable(String text, ValidationException why) {
        return new SubmittedBody(text, null, text, why.errors());
    }

    /** The text exactly as sent. */
    public String text() {
        return text;
    }

    /**
     * The value the body reads as.
     *
     * @throws ValidationException naming {@code body} or the field that could not be read
     */
    public Object value() {
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return value;
    }

    /** The value, when the body could be read; empty otherwise (and for a body that is JSON {@code null}). */
    public Optional<Object> readable() {
        return problems.isEmpty() ? Optional.ofNullable(value) : Optional.empty();
    }

    /** The canonical text: equal for bodies that read as equal values; the text itself when it cannot be read. */
    public String canonical() {
        return canonical;
    }
}
