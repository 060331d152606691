package io.voicegate.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * One attempt to POST a request's final record to its webhook: its number (from 1, over retries and manual re-sends
 * alike), when it started, what started it, the receiver's HTTP status (absent when there was no answer) or the error
 * class, how long it took (milliseconds), and when the next automatic attempt is due (absent when none will follow).
 */
public record DeliveryAttempt(int attempt, Instant at, Trigger trigger, Optional<Integer> status,
                              Optional<String> error, long durationMs, Optional<Instant> nextAttemptAt) {

    /** What started an attempt: the delivery queue's retries, or the client's re-send. */
    public enum Trigger {
        RETRY, MANUAL;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Trigger fromWire(String text) {
            return valueOf(text.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** The error classes an attempt without a usable answer records. */
    public static final String UNREACHABLE = "unreachable";
    public static final String TARGET_REFUSED = "target_refused";
    public static final String NOT_2XX = "not_2xx";
}
