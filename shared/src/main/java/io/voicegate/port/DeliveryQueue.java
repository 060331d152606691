package io.voicegate.port;

/** Where settled requests wait for the delivery of their final record. */
public interface DeliveryQueue {

    /** @throws DispatchQueue.QueueUnavailableException when the message could not be sent */
    void enqueue(String requestId);
}
