package io.voicegate.domain;

import java.util.List;
import java.util.Optional;

/**
 * What a terminal request produced: the voices on success, or a human-readable error with a stable machine code.
 * A success without voices carries an error and no code.
 */
public record Outcome(List<Voice> voices, Optional<String> error, Optional<String> errorCode) {

    public static final String NO_VOICES = "No voices found in the task result";

    public Outcome {
        voices = List.copyOf(voices);
    }

    public static Outcome voices(List<Voice> voices) {
        return voices.isEmpty() ? new Outcome(List.of(), Optional.of(NO_VOICES), Optional.empty())
                : new Outcome(voices, Optional.empty(), Optional.empty());
    }

    /** The request never reached Kling in time; it fails and is refunded. */
    public static Outcome dispatchDeadlineExceeded() {
        return failure(ErrorCodes.DISPATCH_DEADLINE_EXCEEDED,
                "The request could not be sent to Kling before the dispatch deadline");
    }

    /** The request waited for a free Kling slot past the queue timeout, never reaching Kling; refunded. */
    public static Outcome queueTimeout() {
        return failure(ErrorCodes.QUEUE_TIMEOUT,
                "Kling was busy with other requests until the queue timeout; the request was never sent to Kling");
    }

    /** Kling did not finish the task before the processing deadline; the request fails and is refunded. */
    public static Outcome processingDeadlineExceeded() {
        return failure(ErrorCodes.PROCESSING_DEADLINE_EXCEEDED,
                "Kling did not finish the task before the processing deadline");
    }

    /** The client canceled the request before any Kling task could exist; it fails and is refunded. */
    public static Outcome canceled() {
        return failure(ErrorCodes.CANCELED, "The request was canceled before it was sent to Kling");
    }

    public boolean isCanceled() {
        return errorCode.filter(ErrorCodes.CANCELED::equals).isPresent();
    }

    /** True for the failure the processing deadline wrote: a Kling success arriving later is a late success. */
    public boolean isProcessingDeadlineExceeded() {
        return errorCode.filter(ErrorCodes.PROCESSING_DEADLINE_EXCEEDED::equals).isPresent();
    }

    /** The same outcome with every voice shown under {@code voiceName}. */
    public Outcome namedAs(String voiceName) {
        return new Outcome(voices.stream().map(v -> new Voice(v.voiceId(), voiceName, v.trialUrl())).toList(), error,
                errorCode);
    }

    public static Outcome failure(String errorCode, String error) {
        return new Outcome(List.of(), Optional.of(error), Optional.of(errorCode));
    }
}
