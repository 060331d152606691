package io.voicegate.port;

import java.time.Duration;

/** Postpones the redelivery of a message being processed (SQS: its visibility timeout). */
public interface MessageDelays {

    /** Best effort: if the delay cannot be set, the message comes back after the queue's own timeout. */
    void delay(String receiptHandle, Duration delay);
}
