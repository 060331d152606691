package io.voicegate.http;

import com.networknt.schema.regex.JoniRegularExpressionFactory;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a pattern is a valid ECMA-262 regular expression in Unicode mode ({@code new RegExp(p, 'u')}), the way
 * JavaScript clients (ajv, Node) compile the patterns of a published schema. Joni in ECMAScript syntax (what
 * networknt's json-schema-validator uses for ECMA-262) refuses Java and Perl escapes such as {@code \Z}, {@code \A}
 * and possessive quantifiers, but lets through two things JavaScript refuses: inline modifier groups ({@code (?i)},
 * {@code (?i:…)}) and POSIX bracket classes ({@code [[:alpha:]]}); those are refused here by rule.
 */
final class EcmaPatterns {

    private static final Pattern INLINE_MODIFIERS = Pattern.compile("\\(\\?[a-zA-Z-]+[:)]");
    private static final Pattern POSIX_CLASS = Pattern.compile("\\[:[a-z]+:]");

    private EcmaPatterns() {
    }

    /** Empty when the pattern compiles as ECMA-262; otherwise why not. */
    static Optional<String> problem(String pattern) {
        String unescaped = pattern.replaceAll("\\\\.", "__");
        if (INLINE_MODIFIERS.matcher(unescaped).find()) {
            return Optional.of("inline modifiers such as (?i) are not ECMA-262 (JavaScript: 'Invalid group')");
        }
        if (POSIX_CLASS.matcher(unescaped).find()) {
            return Optional.of("POSIX bracket classes such as [[:alpha:]] are not ECMA-262");
        }
        try {
            JoniRegularExpressionFactory.getInstance().getRegularExpression(pattern);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage());
        }
    }
}
