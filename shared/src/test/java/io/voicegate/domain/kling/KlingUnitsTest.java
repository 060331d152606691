package io.voicegate.domain.kling;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Kling's {@code final_unit_deduction} is read once, as a plain decimal, or not at all. */
class KlingUnitsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0.05, 0.05", "0, 0", "1, 1", "100.000001, 100.000001", "000.5, 0.5",
            "123456789012.123456789012345678, 123456789012.123456789012345678"})
    void aPlainDecimalIsReadExactly(String text, BigDecimal expected) {
        assertThat(KlingUnits.parse(text)).hasValueSatisfying(units -> assertThat(units).isEqualByComparingTo(expected));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "abc", "-0.05", "1e", "0x10", "1E+2", " 0.05", "+0.05", "0.05 units", "NaN",
            "Infinity", "0,05", "1e999999999", ".5", "5.", "1234567890123",
            "0.0000000000000000000000000000000000000000000000000000000000000005"})
    void anythingElseIsNone(String text) {
        assertThat(KlingUnits.parse(text)).isEmpty();
    }

    @Test
    void noneForNull() {
        assertThat(KlingUnits.parse(null)).isEmpty();
    }

    /** Property: what is written as text reads back as the same number. */
    @Test
    void unitsReadBackAsWritten() {
        long seed = System.nanoTime();
        System.out.println("KlingUnitsTest seed=" + seed);
        Random random = new Random(seed);
        for (int i = 0; i < 1_000; i++) {
            BigDecimal units = BigDecimal.valueOf(random.nextLong(0, 1_000_000_000_000L), random.nextInt(0, 18));

            assertThat(KlingUnits.parse(KlingUnits.text(units))).as("seed %d: %s", seed, units).contains(units);
        }
    }
}
