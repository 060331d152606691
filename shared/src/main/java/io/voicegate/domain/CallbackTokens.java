package io.voicegate.domain;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * The token in a Kling callback URL: HMAC-SHA256 of the request id under the gateway's callback secret. Only Kling
 * (which we gave the URL) and we know it; checking it is constant-time.
 */
public final class CallbackTokens {

    private final Supplier<String> secret;

    /** @throws IllegalArgumentException when the secret is shorter than 16 characters */
    public CallbackTokens(String secret) {
        this.secret = () -> secret;
        key();
    }

    /**
     * A secret read at each use (one fetched after a SnapStart restore, or rotated); checked like the fixed one, when
     * a token is made or checked.
     */
    public CallbackTokens(Supplier<String> secret) {
        this.secret = secret;
    }

    private SecretKeySpec key() {
        String current = secret.get();
        if (current == null || current.length() < 16) {
            throw new IllegalArgumentException("the callback secret must be at least 16 characters");
        }
        return new SecretKeySpec(current.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String tokenFor(String requestId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            byte[] digest = mac.doFinal(requestId.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JVM", e);
        }
    }

    public boolean matches(String requestId, String token) {
        byte[] expected = tokenFor(requestId).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = token == null ? new byte[0] : token.getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }
}
