package io.voicegate.lambda;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.voicegate.app.RequestLogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a DynamoDB stream batch record by record, in order, and every record is attempted: one that fails does not
 * hold back the others. The first failed record is reported by its sequence number, so Lambda retries from there
 * (the records after it that succeeded are replays then, and change nothing); bisecting narrows the retries down to
 * the failing record alone, which finally goes to the on-failure destination. Each failure is logged with its
 * request and reason.
 */
public final class StreamBatches {

    private static final Logger LOG = LoggerFactory.getLogger(StreamBatches.class);

    private StreamBatches() {
    }

    /** Calls {@code process} with the string key {@code keyName} of each record. */
    public static StreamsEventResponse eachKey(DynamodbEvent event, String keyName, Consumer<String> process) {
        List<DynamodbEvent.DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        String firstFailure = null;
        for (DynamodbEvent.DynamodbStreamRecord record : records) {
            Map<String, AttributeValue> keys = record.getDynamodb() == null ? null : record.getDynamodb().getKeys();
            AttributeValue key = keys == null ? null : keys.get(keyName);
            if (key == null || key.getS() == null) {
                LOG.warn("stream record {} has no string key {}; skipped", record.getEventID(), keyName);
                continue;
            }
            RequestLogContext.begin(key.getS());
            RequestLogContext.account(accountOf(record));
            try {
                process.accept(key.getS());
            } catch (RuntimeException e) {
                LOG.error("stream record {} (request {}) failed [metric: settlement_failures]: {}",
                        record.getEventID(), key.getS(), e.toString(), e);
                firstFailure = firstFailure == null ? record.getDynamodb().getSequenceNumber() : firstFailure;
            } finally {
                RequestLogContext.end();
            }
        }
        return new StreamsEventResponse(firstFailure == null ? List.of()
                : List.of(new StreamsEventResponse.BatchItemFailure(firstFailure)));
    }

    /** The record's {@code account_id}, from its new image (or its old one), when the stream view carries it. */
    private static String accountOf(DynamodbEvent.DynamodbStreamRecord record) {
        for (Map<String, AttributeValue> image : Arrays.asList(record.getDynamodb().getNewImage(),
                record.getDynamodb().getOldImage())) {
            AttributeValue account = image == null ? null : image.get(RequestLogContext.ACCOUNT_ID);
            if (account != null && account.getS() != null) {
                return account.getS();
            }
        }
        return null;
    }
}
