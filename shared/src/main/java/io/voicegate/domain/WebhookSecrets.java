package io.voicegate.domain;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * An account's webhook signing secrets ({@code whsec_} + base64 of 32 random bytes). After a rotation the previous
 * secret keeps signing until {@code previousUntil}, so receivers can switch over without losing a webhook.
 */
public record WebhookSecrets(String current, Optional<String> previous, Optional<Instant> previousUntil) {

    public static String generate(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return StandardWebhooks.PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /** The secrets that sign a webhook sent at {@code now}: the current one, and the previous one in its grace. */
    public List<String> signingAt(Instant now) {
        List<String> secrets = new ArrayList<>(List.of(current));
        if (previous.isPresent() && previousUntil.map(now::isBefore).orElse(false)) {
            secrets.add(previous.get());
        }
        return secrets;
    }
}
