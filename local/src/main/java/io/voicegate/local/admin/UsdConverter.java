package io.voicegate.local.admin;

import picocli.CommandLine;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/** {@code --amount 25.00} (decimal USD) to whole µUSD, exactly: more than six decimals is a usage error. */
final class UsdConverter implements CommandLine.ITypeConverter<Long> {

    /** Digits with an optional fraction: no exponent ({@code 1e3}), sign or grouping. */
    private static final Pattern PLAIN = Pattern.compile("[0-9]+(\\.[0-9]+)?");

    @Override
    public Long convert(String text) {
        try {
            if (!PLAIN.matcher(text.trim()).matches()) {
                throw new NumberFormatException(text);
            }
            BigDecimal usd = new BigDecimal(text.trim()); // never negative: the pattern has no sign
            BigDecimal micros = usd.movePointRight(6).stripTrailingZeros();
            if (micros.scale() > 0) {
                throw new CommandLine.TypeConversionException("must be whole micro-dollars (at most 6 decimals), "
                        + "got " + text);
            }
            return micros.longValueExact();
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("must be a decimal USD amount such as 25.00, got " + text);
        } catch (ArithmeticException e) { // a whole number of µUSD beyond a long: far past any amount the API takes
            throw new CommandLine.TypeConversionException("is too large, got " + text);
        }
    }
}
