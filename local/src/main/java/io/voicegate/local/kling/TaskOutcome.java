package io.voicegate.local.kling;

import java.util.Optional;

/**
 * How a simulated task ends. {@code endsNever}: it stays {@code processing} for ever. {@code forgotten}: right after
 * the create, Kling no longer knows it (queries answer 404 / 1203) and it never ends. {@code units}: the
 * {@code final_unit_deduction} text it ends with, instead of the simulator's setting.
 */
record TaskOutcome(boolean succeeds, boolean withVoice, Optional<String> failureMessage, boolean endsNever,
                   boolean forgotten, Optional<String> units) {

    static TaskOutcome succeedWithVoice() {
        return new TaskOutcome(true, true, Optional.empty(), false, false, Optional.empty());
    }

    static TaskOutcome succeedWithoutVoices() {
        return new TaskOutcome(true, false, Optional.empty(), false, false, Optional.empty());
    }

    static TaskOutcome failed(String message) {
        return new TaskOutcome(false, false, Optional.of(message), false, false, Optional.empty());
    }

    static TaskOutcome neverEnds() {
        return new TaskOutcome(true, true, Optional.empty(), true, false, Optional.empty());
    }

    static TaskOutcome forgottenAfterCreate() {
        return new TaskOutcome(true, true, Optional.empty(), true, true, Optional.empty());
    }

    static TaskOutcome succeedWithUnits(String units) {
        return new TaskOutcome(true, true, Optional.empty(), false, false, Optional.of(units));
    }
}
