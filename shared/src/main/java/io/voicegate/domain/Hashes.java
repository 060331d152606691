package io.voicegate.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Digests of text: what is stored instead of a secret (API keys), or as a short stable key (idempotency keys, bodies). */
public final class Hashes {

    private Hashes() {
    }

    /** @return the SHA-256 of {@code text}'s UTF-8 bytes, as 64 lowercase hex digits */
    public static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
