package io.voicegate.domain;

import java.time.Duration;
import java.util.Random;

/** Exponential backoff with full jitter: attempt n waits a random time up to min(cap, base·2^(n-1)). */
public record Backoff(Duration base, Duration cap) {

    public Duration delay(int attempt, Random random) {
        int exponent = Math.max(0, Math.min(attempt - 1, 30));
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(exponent, 20));
        long floor = Math.min(base.toMillis(), ceiling);
        return Duration.ofMillis(floor + (long) (random.nextDouble() * (ceiling - floor)));
    }
}
