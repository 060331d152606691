package io.voicegate.port;

import java.time.Duration;

/**
 * Where a request waits for a free Kling slot: in the dispatch queue, its dispatch message sent again to be received
 * after a delay. A fresh message, not the received one made invisible, so waiting never counts towards the queue's
 * {@code maxReceiveCount} (the dead-letter queue is for failures, not for a busy Kling).
 */
@FunctionalInterface
public interface SlotWaits {

    /**
     * @param delay at most 15 minutes (SQS's longest message delay)
     * @throws QueueUnavailableException when the message could not be sent: the received one must be
     *                                                 kept for a retry
     */
    void requeue(String requestId, Duration delay);
}
