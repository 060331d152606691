package io.voicegate.lambda;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a DynamoDB stream batch record by record, in order. The first record that fails is reported by its sequence
 * number, so Lambda retries from there (and bisects, and finally sends the rest to the on-failure destination);
 * the records after it are not attempted in this invocation.
 */
public final class StreamBatches {

    private static final Logger LOG = LoggerFactory.getLogger(StreamBatches.class);

    private StreamBatches() {
    }

    /** Calls {@code process} with the string key {@code keyName} of each record. */
    public static StreamsEventResponse eachKey(DynamodbEvent event, String keyName, Consumer<String> process) {
        List<DynamodbEvent.DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        for (DynamodbEvent.DynamodbStreamRecord record : records) {
            Map<String, AttributeValue> keys = record.getDynamodb() == null ? null : record.getDynamodb().getKeys();
            AttributeValue key = keys == null ? null : keys.get(keyName);
            if (key == null || key.getS() == null) {
                LOG.warn("stream record {} has no string key {}; skipped", record.getEventID(), keyName);
                continue;
            }
            try {
                process.accept(key.getS());
            } catch (RuntimeException e) {
                LOG.warn("stream record {} ({}) failed; retrying from it: {}", record.getEventID(), key.getS(),
                        e.toString());
                return new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure(
                        record.getDynamodb().getSequenceNumber())));
            }
        }
        return new StreamsEventResponse(List.of());
    }
}
