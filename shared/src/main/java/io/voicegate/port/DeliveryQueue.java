package io.voicegate.port;

import java.util.Optional;

/** Where settled requests wait for the delivery of their final record. */
public interface DeliveryQueue {

    /**
     * A settled request's final record as it is delivered: whose it is, where its webhook goes, and the body
     * ({@link FinalRecords}), so the delivery needs no read of the request.
     */
    record FinalRecord(String requestId, String accountId, Optional<String> webhookUrl, String body) {
    }

    /**
     * Queues the delivery of a request by its id only: the delivery reads the request.
     *
     * @throws QueueUnavailableException when the message could not be sent
     */
    void enqueue(String requestId);

    /**
     * Queues the delivery of a final record, which the message carries.
     *
     * @throws QueueUnavailableException when the message could not be sent
     */
    default void enqueue(FinalRecord record) {
        enqueue(record.requestId());
    }
}
