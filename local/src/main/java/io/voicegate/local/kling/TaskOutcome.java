package io.voicegate.local.kling;

import java.util.Optional;

/** How a simulated task ends. */
record TaskOutcome(boolean succeeds, boolean withVoice, Optional<String> failureMessage) {

    static TaskOutcome succeedWithVoice() {
        return new TaskOutcome(true, true, Optional.empty());
    }

    static TaskOutcome succeedWithoutVoices() {
        return new TaskOutcome(true, false, Optional.empty());
    }

    static TaskOutcome failed(String message) {
        return new TaskOutcome(false, false, Optional.of(message));
    }
}
