package io.voicegate.domain.kling;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kling's {@code final_unit_deduction}: the resource-pack units a task was charged, a decimal string on the wire
 * such as {@code "0.05"} (Kling API notes §5 "Billing"). Read once, where Kling's answer is decoded, and kept as a
 * {@link BigDecimal} from there to the settlement; never a double.
 */
public final class KlingUnits {

    /** Longest text worth parsing: no number of units needs more. */
    public static final int MAX_TEXT = 64;
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,18})?");

    private KlingUnits() {
    }

    /**
     * The units the text states, when it is a plain non-negative decimal (no sign, exponent or space, at most 12
     * integer and 18 fraction digits); empty for anything else, which is not a charge we can pass on (the hold then
     * stands, see {@link io.voicegate.domain.Settlement}).
     */
    public static Optional<BigDecimal> parse(String text) {
        if (text == null || text.length() > MAX_TEXT || !DECIMAL.matcher(text).matches()) {
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(text));
    }

    /** The units as stored and shown: plain decimal text, as Kling writes them. */
    public static String text(BigDecimal units) {
        return units.toPlainString();
    }
}
