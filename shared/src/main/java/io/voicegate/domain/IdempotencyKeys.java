package io.voicegate.domain;

import java.util.Optional;

/**
 * The one rule for an {@code Idempotency-Key}, the HTTP header and the SQS message attribute alike: 1 to
 * {@value #MAX_LENGTH} printable ASCII characters (space to {@code ~}), not blank. Printable ASCII is what an HTTP
 * field value carries without encoding (RFC 9110 §5.5) and what the IETF Idempotency-Key draft's string form allows;
 * a key is stored and compared exactly as given, so nothing is trimmed or rewritten.
 */
public final class IdempotencyKeys {

    /** The longest key, in characters. */
    public static final int MAX_LENGTH = 255;

    private IdempotencyKeys() {
    }

    /**
     * @param key the key as received
     * @return what is wrong with it, in a sentence fragment ("must be …"); empty when it is a valid key
     */
    public static Optional<String> problem(String key) {
        if (key.isBlank() || key.length() > MAX_LENGTH) {
            return Optional.of("must be 1-" + MAX_LENGTH + " characters, not blank");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return Optional.of("must be printable ASCII (space to ~); character " + (i + 1) + " is not");
            }
        }
        return Optional.empty();
    }
}
