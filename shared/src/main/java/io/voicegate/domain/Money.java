package io.voicegate.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An amount of US dollars in whole micro-dollars (1 USD = 1,000,000 µUSD). Arithmetic is exact and overflow fails
 * loudly; conversions from decimal text go through {@link BigDecimal} and round half-up to a whole micro-dollar.
 */
public record Money(long micros) implements Comparable<Money> {

    public static final Money ZERO = new Money(0);
    private static final BigDecimal MICROS_PER_USD = BigDecimal.valueOf(1_000_000);

    public static Money ofMicros(long micros) {
        return new Money(micros);
    }

    /** Parses a decimal dollar amount such as {@code "0.07"}; more than six decimals round half-up. */
    public static Money ofUsd(String usd) {
        return ofUsd(new BigDecimal(usd));
    }

    public static Money ofUsd(BigDecimal usd) {
        return new Money(usd.multiply(MICROS_PER_USD).setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    /** {@code units × microsPerUnit}, rounded half-up to a whole micro-dollar. */
    public static Money ofUnits(BigDecimal units, Money pricePerUnit) {
        return new Money(units.multiply(BigDecimal.valueOf(pricePerUnit.micros))
                .setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(micros, other.micros));
    }

    public Money minus(Money other) {
        return new Money(Math.subtractExact(micros, other.micros));
    }

    public Money negate() {
        return new Money(Math.negateExact(micros));
    }

    public boolean isNegative() {
        return micros < 0;
    }

    public boolean isPositive() {
        return micros > 0;
    }

    public boolean isAtLeast(Money other) {
        return micros >= other.micros;
    }

    public BigDecimal toUsd() {
        return BigDecimal.valueOf(micros).divide(MICROS_PER_USD).stripTrailingZeros();
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(micros, other.micros);
    }

    @Override
    public String toString() {
        return toUsd().toPlainString() + " USD";
    }
}
