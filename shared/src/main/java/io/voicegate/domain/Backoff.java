package io.voicegate.domain;

import java.time.Duration;
import java.util.Random;

/** Exponential backoff with full jitter: attempt n waits a random time up to min(cap, base·2^(n-1)). */
public record Backoff(Duration base, Duration cap) {

    /**
     * Dispatch retries while Kling is unavailable or refuses our account: 2 seconds doubling to 5 minutes, until the
     * dispatch deadline.
     */
    public static final Backoff DISPATCH = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5));

    /** Webhook delivery retries, for about a day over 18 attempts: 1 minute doubling to 4 hours. */
    public static final Backoff DELIVERY = new Backoff(Duration.ofMinutes(1), Duration.ofHours(4));

    public Duration delay(int attempt, Random random) {
        int exponent = Math.max(0, Math.min(attempt - 1, 30));
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(exponent, 20));
        long floor = Math.min(base.toMillis(), ceiling);
        return Duration.ofMillis(floor + (long) (random.nextDouble() * (ceiling - floor)));
    }
}
