package io.voicegate.local.kling;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Markers a user types into a request to script the simulator from the request itself, with no setup: a create whose
 * {@code voice_url} file name or {@code video_id} contains one (e.g.
 * {@code https://cdn.example.com/simulate-failure.mp3} or {@code "video_id":"simulate-failure"}) gets that behaviour. They exist only in this simulator: the gateway passes
 * {@code voice_url} and {@code video_id} to Kling unchanged and never looks for them. Faults scripted through
 * {@link SimulatorFaults} take precedence, and a marker's outcome and callbacks replace random ones.
 */
public enum MagicInput {

    /** The task ends {@code failed} (the request fails with {@code upstream_failed} and is refunded). */
    FAILURE("simulate-failure", "the task fails: upstream_failed, refunded"),
    /** The task ends {@code failed} for Kling's risk control ({@code content_policy}, refunded). */
    CONTENT_POLICY("simulate-content-policy", "fails Kling's risk control: content_policy, refunded"),
    /** The create is refused with 400 / 1201 ({@code upstream_rejected}, refunded; no task exists). */
    REJECTION("simulate-rejection", "create refused (1201): upstream_rejected, refunded"),
    /** The task succeeds but sends no callback at all: the gateway's re-query finds the end. */
    LOST_CALLBACKS("simulate-lost-callbacks", "no callbacks: the re-query finds the success (~10 s)"),
    /** The task stays {@code processing} for ever ({@code processing_deadline_exceeded} at the deadline, refunded). */
    NEVER_ENDING("simulate-never-ending", "never ends: processing_deadline_exceeded, refunded"),
    /** The task succeeds with {@code final_unit_deduction} {@code "abc"}: the hold stands as the charge. */
    NO_UNITS("simulate-no-units", "success, units unusable: the hold is the charge");

    /** The {@code task_status_msg} of a {@link #CONTENT_POLICY}, worded as Kling words it. */
    static final String POLICY_MESSAGE = "Failure to pass the risk control system";

    private final String marker;
    private final String effect;

    MagicInput(String marker, String effect) {
        this.marker = marker;
        this.effect = effect;
    }

    /** What a request carrying the marker goes through, in a few words (for {@code --help}). */
    public String effect() {
        return effect;
    }

    /** The text to put in a {@code voice_url} file name or a {@code video_id}. */
    public String marker() {
        return marker;
    }

    /** How a task created with this marker ends. */
    TaskOutcome outcome() {
        return switch (this) {
            case FAILURE -> TaskOutcome.failed(FaultRates.FAILED_TASK_MESSAGE);
            case CONTENT_POLICY -> TaskOutcome.failed(POLICY_MESSAGE);
            case NEVER_ENDING -> TaskOutcome.neverEnds();
            case NO_UNITS -> TaskOutcome.succeedWithUnits("abc");
            case REJECTION, LOST_CALLBACKS -> TaskOutcome.succeedWithVoice();
        };
    }

    /** How its callbacks misbehave: none at all for {@link #LOST_CALLBACKS}. */
    Optional<CallbackFault> callbackFault() {
        return this == LOST_CALLBACKS ? Optional.of(CallbackFault.DROP_ALL) : Optional.empty();
    }

    /** The answer to its create instead of a task: HTTP 400 / 1201 for {@link #REJECTION}. */
    Optional<SimulatorFaults.ErrorReply> rejection() {
        return this == REJECTION ? Optional.of(new SimulatorFaults.ErrorReply(400, 1201,
                "Simulated rejection: the voice clip cannot be used")) : Optional.empty();
    }

    /** The first marker contained in any of a create's keys (its voice_url file stem, video_id, ...). */
    static Optional<MagicInput> in(Set<String> keys) {
        return Arrays.stream(values()).filter(magic -> keys.stream().anyMatch(key -> key.contains(magic.marker)))
                .findFirst();
    }
}
