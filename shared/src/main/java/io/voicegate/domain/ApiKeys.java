package io.voicegate.domain;

import java.security.SecureRandom;
import java.util.Base64;

/** API keys: 256 random bits, shown once; only their SHA-256 is ever stored. */
public final class ApiKeys {

    public static final String PREFIX = "vg_";

    private ApiKeys() {
    }

    public static String generate(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String apiKey) {
        return Hashes.sha256Hex(apiKey);
    }

    /**
     * The public id of a key, derived from its hash (so it names the key without revealing it): {@code key_} and 16
     * hex characters.
     */
    public static String keyId(String apiKeyHash) {
        return "key_" + Hashes.sha256Hex("key-id:" + apiKeyHash).substring(0, 16);
    }

    /** The last four characters of a key, to recognise it in a listing. */
    public static String last4(String apiKey) {
        return apiKey.length() <= 4 ? apiKey : apiKey.substring(apiKey.length() - 4);
    }
}
