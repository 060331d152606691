package io.voicegate.domain.reconciliation;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

/**
 * One finding of a reconciliation: Kling billed units we did not charge or charged differently
 * ({@link Kind#UNITS_DIFFER}), Kling billed a task we have no record of ({@link Kind#UNKNOWN_TASK}), or we charged a
 * task Kling has not billed ({@link Kind#NOT_BILLED}). Units are Kling resource-pack units.
 */
public record Mismatch(Kind kind, String taskId, Optional<String> requestId, Optional<BigDecimal> ourUnits,
                       Optional<BigDecimal> klingUnits) {

    public enum Kind {
        UNITS_DIFFER, UNKNOWN_TASK, NOT_BILLED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind fromWire(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT));
        }
    }
}
