package io.voicegate.port;

/** Sends a final record to an account's own SQS queue (for AWS consumers). */
public interface RecordQueues {

    /** @throws QueueUnavailableException when the record could not be sent */
    void send(String queueUrl, String requestId, String record);
}
