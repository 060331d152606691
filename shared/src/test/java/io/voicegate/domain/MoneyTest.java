package io.voicegate.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    @ParameterizedTest(name = "{0} USD = {1} µUSD")
    @CsvSource({"0.07, 70000", "10, 10000000", "0.0000005, 1", "0.0000004, 0", "-0.0000005, -1", "0.000001, 1",
            "123456.789012, 123456789012"})
    void dollarsConvertToWholeMicrosRoundingHalfUp(String usd, long micros) {
        assertThat(Money.ofUsd(usd).micros()).isEqualTo(micros);
    }

    @ParameterizedTest(name = "{0} units x {1} µUSD = {2} µUSD")
    @CsvSource({"0.05, 140000, 7000", "0.5, 140000, 70000", "1, 140000, 140000", "0.0000035, 1000000, 4",
            "0.0000025, 1000000, 3", "0, 140000, 0", "0.123456789, 140000, 17284"})
    void unitsConvertAtThePricePerUnitRoundingHalfUp(String units, long pricePerUnit, long micros) {
        assertThat(Money.ofUnits(new BigDecimal(units), Money.ofMicros(pricePerUnit)).micros()).isEqualTo(micros);
    }

    @Test
    void arithmeticIsExactAndOverflowFails() {
        Money max = Money.ofMicros(Long.MAX_VALUE);

        assertThat(Money.ofMicros(70_000).minus(Money.ofMicros(7_000))).isEqualTo(Money.ofMicros(63_000));
        assertThat(Money.ofMicros(5).negate()).isEqualTo(Money.ofMicros(-5));
        assertThatThrownBy(() -> max.plus(Money.ofMicros(1))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Money.ofMicros(Long.MIN_VALUE).minus(Money.ofMicros(1)))
                .isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Money.ofMicros(Long.MIN_VALUE).negate()).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Money.ofUsd("99999999999999")).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void comparisonsAndPrinting() {
        assertThat(Money.ofMicros(70_000).isAtLeast(Money.ofMicros(70_000))).isTrue();
        assertThat(Money.ofMicros(69_999).isAtLeast(Money.ofMicros(70_000))).isFalse();
        assertThat(Money.ofMicros(-1).isNegative()).isTrue();
        assertThat(Money.ZERO.isPositive()).isFalse();
        assertThat(Money.ofMicros(70_000)).hasToString("0.07 USD");
        assertThat(Money.ofMicros(1)).isLessThan(Money.ofMicros(2));
    }
}
