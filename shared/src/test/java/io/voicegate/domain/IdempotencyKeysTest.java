package io.voicegate.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyKeysTest {

    @ParameterizedTest
    @ValueSource(strings = {"order-42", "a", "with space", "~!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}", "0123456789ABCDEF"})
    void printableAsciiKeysAreKeys(String key) {
        assertThat(IdempotencyKeys.problem(key)).isEmpty();
        assertThat(IdempotencyKeys.problem(key.repeat(IdempotencyKeys.MAX_LENGTH)
                .substring(0, IdempotencyKeys.MAX_LENGTH))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   ", "a\u0001b", "tab\there", "caf\u00e9", "line\nbreak", "del\u007f", "\u00a0"})
    void blankControlAndNonAsciiKeysAreRefused(String key) {
        assertThat(IdempotencyKeys.problem(key)).isPresent().get().asString().startsWith("must be");
    }

    @ParameterizedTest
    @ValueSource(ints = {256, 1000})
    void keysOverTheLimitAreRefused(int length) {
        assertThat(IdempotencyKeys.problem("k".repeat(length))).contains("must be 1-255 characters, not blank");
    }
}
