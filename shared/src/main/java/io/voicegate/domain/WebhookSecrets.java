package io.voicegate.domain;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An account's webhook signing secrets ({@code whsec_} + base64 of 32 random bytes): the current one, and the ones
 * rotations replaced, each signing until its grace ends, so receivers can switch over without losing a webhook. A
 * rotation never cuts a replaced secret's grace short, so a rotation retried after its answer was lost leaves the
 * secret receivers have signing; at most {@value #KEPT} replaced secrets are kept (the most recent).
 *
 * @param previous the replaced secrets still kept, most recent first (some may be past their grace)
 */
public record WebhookSecrets(String current, List<Previous> previous) {

    /** How many replaced secrets are kept at most (the DynamoDB adapter has a place for each). */
    public static final int KEPT = 2;

    /** A secret a rotation replaced, and when it stops signing. */
    public record Previous(String secret, Instant until) {
    }

    public WebhookSecrets {
        previous = List.copyOf(previous);
    }

    /** An account's secrets before any rotation. */
    public static WebhookSecrets of(String current) {
        return new WebhookSecrets(current, List.of());
    }

    public static String generate(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return StandardWebhooks.PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * The secrets after a rotation at {@code now}: {@code newSecret} is current, the current one signs until
     * {@code until}, and the replaced ones still in their grace keep theirs (the most recent {@value #KEPT} in all).
     */
    public WebhookSecrets rotated(String newSecret, Instant now, Instant until) {
        List<Previous> kept = new ArrayList<>();
        kept.add(new Previous(current, until));
        previous.stream().filter(p -> now.isBefore(p.until())).limit(KEPT - 1).forEach(kept::add);
        return new WebhookSecrets(newSecret, kept);
    }

    /** The secrets that sign a webhook sent at {@code now}: the current one, and every replaced one in its grace. */
    public List<String> signingAt(Instant now) {
        List<String> secrets = new ArrayList<>(List.of(current));
        previous.stream().filter(p -> now.isBefore(p.until())).forEach(p -> secrets.add(p.secret()));
        return secrets;
    }

    /** When the last replaced secret stops signing; empty when there never was a rotation. */
    public Optional<Instant> previousUntil() {
        return previous.stream().map(Previous::until).max(Comparator.naturalOrder());
    }
}
