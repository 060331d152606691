package io.voicegate.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TextRulesTest {

    @Test
    void unpairedSurrogatesAreNotWellFormed() {
        assertThat(TextRules.isWellFormed("ab\ud800cd")).isFalse();
        assertThat(TextRules.isWellFormed("ab\udc00")).isFalse();
        assertThat(TextRules.isWellFormed("\ud83d")).isFalse();
        assertThat(TextRules.isWellFormed("\udc00\ud800")).isFalse();
        assertThat(TextRules.isWellFormed("ok 👩‍💻 𝄞")).isTrue();
        assertThat(TextRules.isWellFormed("")).isTrue();
    }

    /** Property: well-formed exactly when UTF-8 round-trips the text unchanged. */
    @Test
    void wellFormedMeansUtf8KeepsTheTextUnchanged() {
        long seed = System.nanoTime();
        System.out.println("TextRulesTest seed=" + seed);
        Random random = new Random(seed);
        char[] pool = {'a', ' ', 'é', '\ud800', '\udbff', '\udc00', '\udfff', '\u00a0', '\u200b'};
        for (int i = 0; i < 10_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(6); n > 0; n--) {
                text.append(pool[random.nextInt(pool.length)]);
            }
            String s = text.toString();
            boolean roundTrips = new String(s.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    java.nio.charset.StandardCharsets.UTF_8).equals(s);
            assertThat(TextRules.isWellFormed(s)).as("seed %d: %s", seed, s.chars().mapToObj(Integer::toHexString)
                    .toList()).isEqualTo(roundTrips);
        }
    }

    @ParameterizedTest(name = "White_Space only: {0}")
    @ValueSource(strings = {" ", "\u00a0\u00a0", "\u1680", "\u2000\u200a", "\u2028", "\u2029", "\u202f", "\u205f",
            "\u3000"})
    void whiteSpaceOnlyIsBlank(String name) {
        assertThat(TextRules.nameProblem(name)).get().asString().contains("blank");
    }

    @ParameterizedTest(name = "Default_Ignorable only: {0}")
    @ValueSource(strings = {"\u00ad", "\u034f", "\u061c", "\u115f", "\u17b4", "\u180b", "\u180e", "\u200b", "\u200d",
            "\u202e", "\u2060", "\u2064", "\u3164", "\ufe0f", "\ufeff", "\uffa0", "\udb40\udc20", "\u200b\u00a0\u2060"})
    void invisibleOnlyIsBlank(String name) {
        assertThat(TextRules.nameProblem(name)).get().asString().contains("blank");
    }

    @ParameterizedTest(name = "Cc/Cs/Co: {0}")
    @ValueSource(strings = {"a\u0000", "a\t", "a\nb", "a\r", "\u001bx", "a\u007f", "a\u0085", "a\u009f", "a\ue000",
            "a\udb80\udc00", "a\ud800"})
    void controlSurrogateAndPrivateUseCharactersAreRefused(String name) {
        assertThat(TextRules.nameProblem(name)).get().asString().contains("control");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada", "Ada Lovelace", "\u00a0a", "李", "👩\u200d💻", "a\u200b", "Zoë", "١٢٣"})
    void namesWithAVisibleCharacterAreFine(String name) {
        assertThat(TextRules.nameProblem(name)).isEmpty();
    }
}
