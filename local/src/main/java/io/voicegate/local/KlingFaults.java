package io.voicegate.local;

import io.voicegate.local.kling.FaultRates;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value of {@code --kling-faults}: random faults of the built-in Kling simulator, as comma-separated
 * {@code NAME=RATE} pairs (a rate from 0 to 1, or a percentage), plus {@code seed=N} to replay the same draws and
 * {@code slow-delay=DURATION}; e.g. {@code fail=0.2,lose-callback=0.1,1303=0.05,seed=7}.
 *
 * @param seed empty when none was given (the stack then picks one and prints it)
 */
record KlingFaults(FaultRates rates, OptionalLong seed, String text) {

    /** Every fault name, with what it does; Kling's codes are accepted for the two error answers. */
    static final Map<String, String> NAMES = names();
    private static final Map<String, BiFunction<FaultRates, Double, FaultRates>> RATES = setters();
    private static final Pattern RATE = Pattern.compile("(?:0|1|0?\\.[0-9]+|1\\.0*)|(?:[0-9]{1,2}(?:\\.[0-9]+)?|100)%");
    private static final Pattern DELAY = Pattern.compile("([0-9]{1,6})(ms|s)");

    /** @throws IllegalArgumentException with a sentence naming what is wrong */
    static KlingFaults parse(String text) {
        FaultRates rates = FaultRates.none().withSlowResponses(0, Duration.ofSeconds(2));
        OptionalLong seed = OptionalLong.empty();
        Map<String, String> seen = new LinkedHashMap<>();
        for (String pair : text.split(",", -1)) {
            int equals = pair.indexOf('=');
            if (equals <= 0 || equals == pair.length() - 1) {
                throw new IllegalArgumentException("wants NAME=RATE pairs separated by commas, e.g. "
                        + "fail=0.2,lose-callback=0.1,1303=0.05,seed=7; got '" + pair + "'");
            }
            String name = pair.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            String value = pair.substring(equals + 1).strip();
            String canonical = canonical(name);
            if (seen.put(canonical, value) != null) {
                throw new IllegalArgumentException(name + " is given twice");
            }
            switch (canonical) {
                case "seed" -> seed = OptionalLong.of(seed(value));
                case "slow-delay" -> rates = rates.withSlowResponses(rates.slowResponses(), delay(value));
                default -> rates = RATES.get(canonical).apply(rates, rate(canonical, value));
            }
        }
        return new KlingFaults(rates, seed, text);
    }

    /** The canonical name of a fault or setting. */
    private static String canonical(String name) {
        String canonical = switch (name) {
            case "5000" -> "server-error";
            case "1303" -> "rate-limit";
            default -> name;
        };
        if (!NAMES.containsKey(canonical) && !canonical.equals("seed") && !canonical.equals("slow-delay")) {
            throw new IllegalArgumentException("unknown fault '" + name + "'; known: "
                    + String.join(", ", NAMES.keySet()) + ", and seed=N, slow-delay=DURATION");
        }
        return canonical;
    }

    private static double rate(String name, String value) {
        if (!RATE.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " wants a rate from 0 to 1 (or 0% to 100%), got '" + value
                    + "'");
        }
        return value.endsWith("%")
                ? new BigDecimal(value.substring(0, value.length() - 1)).movePointLeft(2).doubleValue()
                : Double.parseDouble(value);
    }

    private static long seed(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seed wants a whole number, got '" + value + "'");
        }
    }

    private static Duration delay(String value) {
        Matcher matcher = DELAY.matcher(value.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("slow-delay wants a duration such as 500ms or 2s, got '" + value
                    + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return matcher.group(2).equals("ms") ? Duration.ofMillis(amount) : Duration.ofSeconds(amount);
    }

    private static Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("fail", "a task ends failed (upstream_failed, refunded)");
        names.put("server-error", "(or 5000) a call gets HTTP 500 / 5000, does nothing");
        names.put("rate-limit", "(or 1303) a call gets HTTP 429 / 1303, does nothing");
        names.put("lost-create", "the task is made, its answer lost (HTTP 500 / 5000)");
        names.put("slow", "an answer is held back slow-delay (default 2s)");
        names.put("duplicate-callback", "a task's callbacks are each sent twice");
        names.put("lose-callback", "a task's terminal callback is never sent");
        names.put("reorder-callback", "processing callback sent after the terminal one");
        return Collections.unmodifiableMap(names);
    }

    private static Map<String, BiFunction<FaultRates, Double, FaultRates>> setters() {
        return Map.of(
                "fail", FaultRates::withFailedTasks,
                "server-error", FaultRates::withServerErrors,
                "rate-limit", FaultRates::withRateLimits,
                "lost-create", FaultRates::withLostCreates,
                "slow", (rates, rate) -> rates.withSlowResponses(rate, rates.slowDelay()),
                "duplicate-callback", FaultRates::withDuplicateCallbacks,
                "lose-callback", FaultRates::withDroppedCallbacks,
                "reorder-callback", FaultRates::withReorderedCallbacks);
    }
}
