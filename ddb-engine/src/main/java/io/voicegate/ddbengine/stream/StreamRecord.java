package io.voicegate.ddbengine.stream;

import io.voicegate.ddbengine.value.Value;

import java.util.Map;

/**
 * One change of one item, as DynamoDB Streams reports it (API reference, "Record" and "StreamRecord").
 *
 * @param sequence        position in the engine's sequence, increasing with commit order
 * @param eventName       {@code INSERT}, {@code MODIFY} or {@code REMOVE}
 * @param createdAtMillis commit time, epoch milliseconds
 * @param keys            the item's key attributes
 * @param oldImage        the item before, or null
 * @param newImage        the item after, or null
 * @param byService       true for a TTL deletion ({@code userIdentity} {@code Service}/{@code dynamodb.amazonaws.com})
 */
public record StreamRecord(long sequence, String eventName, long createdAtMillis, Map<String, Value> keys,
                           Map<String, Value> oldImage, Map<String, Value> newImage, boolean byService) {

    /** The 21-digit decimal sequence number of the wire, increasing with {@link #sequence()}. */
    public String sequenceNumber() {
        return sequenceNumber(sequence);
    }

    public static String sequenceNumber(long sequence) {
        return "1" + String.format("%020d", sequence);
    }

    /** The inverse of {@link #sequenceNumber(long)}; -1 for text that is not one. */
    public static long sequence(String sequenceNumber) {
        if (sequenceNumber == null || sequenceNumber.length() != 21 || sequenceNumber.charAt(0) != '1') {
            return -1;
        }
        try {
            return Long.parseLong(sequenceNumber.substring(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
