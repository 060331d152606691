package io.voicegate.domain;

import java.util.regex.Pattern;

/** The one rule for an account id: 1 to {@value #MAX_LENGTH} letters, digits, dots, underscores or hyphens. */
public final class AccountIds {

    /** The longest account id, in characters. */
    public static final int MAX_LENGTH = 64;
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

    private AccountIds() {
    }

    /** True when the text could be an account id (so an id, or a cursor naming one, that is not needs no lookup). */
    public static boolean isWellFormed(String id) {
        return id != null && SHAPE.matcher(id).matches();
    }
}
