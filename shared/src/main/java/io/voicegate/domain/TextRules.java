package io.voicegate.domain;

import java.util.Optional;

/**
 * The text rules, decided from Unicode character properties (the Unicode Character Database: {@code PropList.txt}
 * for White_Space, {@code DerivedCoreProperties.txt} for Default_Ignorable_Code_Point, general categories from
 * {@link Character#getType}).
 * <ul>
 *   <li><b>Well-formed:</b> every text we accept is valid Unicode: no unpaired surrogate (which no UTF-8 can carry, so
 *       it would be rewritten to {@code ?} or U+FFFD on the way to storage or Kling).</li>
 *   <li><b>A name</b> ({@code voice_name}) contains no control character (Cc, tab and newline included), surrogate
 *       (Cs) or private-use character (Co), and at least one character that is neither White_Space (e.g. U+00A0,
 *       U+3000) nor Default_Ignorable_Code_Point (e.g. U+200B, U+2060, U+FEFF, U+3164): not blank to a person.</li>
 * </ul>
 */
public final class TextRules {

    /**
     * Default_Ignorable_Code_Point, Unicode 15.1 {@code DerivedCoreProperties.txt}, as inclusive code point ranges.
     */
    private static final int[][] DEFAULT_IGNORABLE = {
            {0x00AD, 0x00AD}, {0x034F, 0x034F}, {0x061C, 0x061C}, {0x115F, 0x1160}, {0x17B4, 0x17B5},
            {0x180B, 0x180F}, {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x206F}, {0x3164, 0x3164},
            {0xFE00, 0xFE0F}, {0xFEFF, 0xFEFF}, {0xFFA0, 0xFFA0}, {0xFFF0, 0xFFF8}, {0x1BCA0, 0x1BCA3},
            {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF}};

    private TextRules() {
    }

    /** True when the text has no unpaired surrogate, i.e. it can be encoded as UTF-8 without loss. */
    public static boolean isWellFormed(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Why a well-formed text cannot be a name, or empty when it can.
     *
     * @return a sentence for the client, e.g. "must not contain control characters (U+0009)"
     */
    public static Optional<String> nameProblem(String text) {
        boolean visible = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.SURROGATE || type == Character.PRIVATE_USE) {
                return Optional.of("must not contain control, surrogate or private-use characters (found "
                        + String.format("U+%04X", cp) + ")");
            }
            visible |= !isWhiteSpace(cp) && !isDefaultIgnorable(cp);
        }
        return visible ? Optional.empty()
                : Optional.of("must not be blank: it needs a visible character, not only white space or invisible "
                + "characters");
    }

    /** Unicode White_Space ({@code PropList.txt}); unlike {@link Character#isWhitespace}, includes U+00A0. */
    public static boolean isWhiteSpace(int cp) {
        return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F
                || cp == 0x3000;
    }

    /** Unicode Default_Ignorable_Code_Point: characters that render as nothing when not supported. */
    public static boolean isDefaultIgnorable(int cp) {
        for (int[] range : DEFAULT_IGNORABLE) {
            if (cp >= range[0] && cp <= range[1]) {
                return true;
            }
        }
        return false;
    }
}
