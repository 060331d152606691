package io.voicegate.local.listen;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Checks a Standard Webhooks signature (standardwebhooks.com) the way a client would: written from the spec on its
 * own, sharing no code with the gateway's signer, so the listener can catch the gateway getting it wrong. Signs the
 * exact bytes received, {@code id.timestamp.body}, with HMAC-SHA256 keyed by the base64 part of {@code whsec_...};
 * any one matching {@code v1} signature of the space-separated list passes; timestamps are allowed 5 minutes of skew.
 */
public final class WebhookVerifier {

    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final String SECRET_PREFIX = "whsec_";

    /** The answer: {@code VERIFIED} (detail = the signature version), {@code MISSING_HEADERS} or {@code REJECTED}. */
    public record Verdict(Outcome outcome, String detail) {
        public enum Outcome { VERIFIED, MISSING_HEADERS, REJECTED }

        static Verdict verified(String version) {
            return new Verdict(Outcome.VERIFIED, version);
        }

        static Verdict rejected(String why) {
            return new Verdict(Outcome.REJECTED, why);
        }
    }

    private WebhookVerifier() {
    }

    /**
     * @param secret     {@code whsec_<base64>} (the prefix is optional)
     * @param signatures the {@code webhook-signature} header: space-separated {@code version,base64} entries
     * @throws IllegalArgumentException the secret is not base64
     */
    public static Verdict verify(String secret, String id, String timestamp, String signatures, byte[] body,
                                 Instant now) {
        byte[] key = key(secret);
        List<String> missing = new ArrayList<>();
        addIfBlank(missing, "webhook-id", id);
        addIfBlank(missing, "webhook-timestamp", timestamp);
        addIfBlank(missing, "webhook-signature", signatures);
        if (!missing.isEmpty()) {
            return new Verdict(Verdict.Outcome.MISSING_HEADERS, "missing " + String.join(", ", missing));
        }
        if (!timestamp.matches("[0-9]{1,18}")) {
            return Verdict.rejected("webhook-timestamp is not whole Unix seconds");
        }
        long skew = now.getEpochSecond() - Long.parseLong(timestamp);
        if (Math.abs(skew) > TOLERANCE.toSeconds()) {
            return Verdict.rejected("webhook-timestamp is " + Math.abs(skew) + " s " + (skew > 0 ? "old" : "ahead")
                    + " (tolerance " + TOLERANCE.toSeconds() + " s)");
        }
        byte[] expected = hmac(key, signedContent(id, timestamp, body));
        boolean sawV1 = false;
        for (String entry : signatures.trim().split("\\s+")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !entry.substring(0, comma).equals("v1")) {
                continue;
            }
            sawV1 = true;
            if (MessageDigest.isEqual(expected, decodeOrEmpty(entry.substring(comma + 1)))) {
                return Verdict.verified("v1");
            }
        }
        return Verdict.rejected(sawV1 ? "no v1 signature matches (wrong secret, or the body, id or timestamp "
                + "changed)" : "no v1 signature in webhook-signature");
    }

    /** The HMAC key of a secret; throws IllegalArgumentException when the secret is not base64. */
    public static byte[] key(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        byte[] key = Base64.getDecoder().decode(encoded);
        if (key.length == 0) {
            throw new IllegalArgumentException("the secret is empty");
        }
        return key;
    }

    private static byte[] signedContent(String id, String timestamp, byte[] body) {
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        System.arraycopy(body, 0, content, prefix.length, body.length);
        return content;
    }

    private static byte[] hmac(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    private static byte[] decodeOrEmpty(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static void addIfBlank(List<String> missing, String name, String value) {
        if (value == null || value.isBlank()) {
            missing.add(name);
        }
    }
}
