package io.voicegate.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallbackTokensAndBackoffTest {

    @Test
    void tokensAreStablePerRequestAndSecret() {
        CallbackTokens tokens = new CallbackTokens("0123456789abcdef-secret");

        String token = tokens.tokenFor("r-1");

        assertThat(tokens.tokenFor("r-1")).isEqualTo(token);
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(tokens.matches("r-1", token)).isTrue();
        assertThat(tokens.matches("r-2", token)).isFalse();
        assertThat(tokens.matches("r-1", token.substring(1))).isFalse();
        assertThat(tokens.matches("r-1", null)).isFalse();
        assertThat(new CallbackTokens("another-secret-of-length").matches("r-1", token)).isFalse();
        assertThatThrownBy(() -> new CallbackTokens("short")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void backoffGrowsWithinItsBoundsAndIsJittered() {
        long seed = System.nanoTime();
        System.out.println("backoff seed=" + seed);
        Random random = new Random(seed);
        Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5));

        for (int attempt = 1; attempt <= 40; attempt++) {
            long ceiling = Math.min(300_000, 2_000L << Math.min(attempt - 1, 20));
            for (int i = 0; i < 50; i++) {
                long millis = backoff.delay(attempt, random).toMillis();
                assertThat(millis).as("seed %d attempt %d", seed, attempt).isBetween(2_000L, ceiling);
            }
        }
        assertThat(backoff.delay(1, random)).isEqualTo(Duration.ofSeconds(2));
        long distinct = java.util.stream.IntStream.range(0, 20).mapToObj(i -> backoff.delay(8, random)).distinct()
                .count();
        assertThat(distinct).as("seed %d", seed).isGreaterThan(10);
    }
}
