package io.voicegate.lambda;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.voicegate.app.RequestLogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.LinkedHashMap;
import software.amazon.awssdk.core.SdkBytes;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
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
        return eachNewImage(event, keyName, (key, image) -> process.accept(key));
    }

    /**
     * Calls {@code process} with the string key {@code keyName} of each record and its new image as the SDK's
     * attribute values (empty when the stream carries no new image).
     */
    public static StreamsEventResponse eachNewImage(DynamodbEvent event, String keyName,
            BiConsumer<String, Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> process) {
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
                Map<String, AttributeValue> image = record.getDynamodb().getNewImage();
                process.accept(key.getS(), image == null ? Map.of() : sdk(image));
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

    /** A stream record's image as the SDK's attribute values (the same DynamoDB JSON types, in another class). */
    private static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> sdk(
            Map<String, AttributeValue> image) {
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> out = new LinkedHashMap<>();
        image.forEach((name, value) -> out.put(name, sdk(value)));
        return out;
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue sdk(AttributeValue v) {
        var out = software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder();
        if (v.getS() != null) {
            out.s(v.getS());
        } else if (v.getN() != null) {
            out.n(v.getN());
        } else if (v.getB() != null) {
            out.b(SdkBytes.fromByteBuffer(v.getB()));
        } else if (v.getSS() != null) {
            out.ss(v.getSS());
        } else if (v.getNS() != null) {
            out.ns(v.getNS());
        } else if (v.getBS() != null) {
            out.bs(v.getBS().stream().map(SdkBytes::fromByteBuffer).toList());
        } else if (v.getM() != null) {
            out.m(sdk(v.getM()));
        } else if (v.getL() != null) {
            out.l(v.getL().stream().map(StreamBatches::sdk).toList());
        } else if (v.getBOOL() != null) {
            out.bool(v.getBOOL());
        } else {
            out.nul(true);
        }
        return out.build();
    }
}
