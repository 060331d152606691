package io.voicegate.local.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The local stack's admin token: what a caller of the admin routes presents as {@code Authorization: Bearer TOKEN}
 * where API Gateway would want a SigV4 signature. Compared in constant time (digests of equal length, compared with
 * {@link MessageDigest#isEqual}); never logged.
 */
public final class AdminToken {

    public static final int MIN_LENGTH = 16;

    private volatile String token;

    public AdminToken(String token) {
        this.token = token;
    }

    public String value() {
        return token;
    }

    /** @throws IllegalArgumentException a token shorter than 16 characters */
    public void replace(String newToken) {
        if (newToken == null || newToken.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the admin token must be at least " + MIN_LENGTH + " characters");
        }
        token = newToken;
    }

    boolean matches(String presented) {
        return MessageDigest.isEqual(digest(presented), digest(token));
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
