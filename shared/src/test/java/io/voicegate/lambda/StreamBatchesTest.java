package io.voicegate.lambda;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StreamBatchesTest {

    private static DynamodbEvent batch(String... ids) {
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
            record.setEventID("e" + i);
            record.setDynamodb(new StreamRecord().withSequenceNumber("seq-" + i)
                    .withKeys(Map.of("request_id", new AttributeValue().withS(ids[i]))));
            records.add(record);
        }
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        return event;
    }

    @Test
    void aRecordThatFailsDoesNotHoldBackTheOthersAndIsReportedAlone() {
        List<String> settled = new ArrayList<>();

        StreamsEventResponse response = StreamBatches.eachKey(batch("a", "bad", "c", "d"), "request_id", id -> {
            if (id.equals("bad")) {
                throw new ArithmeticException("long overflow");
            }
            settled.add(id);
        });

        assertThat(settled).containsExactly("a", "c", "d");
        assertThat(response.getBatchItemFailures()).singleElement()
                .satisfies(f -> assertThat(f.getItemIdentifier()).isEqualTo("seq-1"));
    }

    @Test
    void theFirstOfSeveralFailuresIsWhereTheRetryStarts() {
        StreamsEventResponse response = StreamBatches.eachKey(batch("a", "x", "y"), "request_id", id -> {
            if (!id.equals("a")) {
                throw new IllegalStateException(id);
            }
        });

        assertThat(response.getBatchItemFailures()).singleElement()
                .satisfies(f -> assertThat(f.getItemIdentifier()).isEqualTo("seq-1"));
    }

    @Test
    void aCleanBatchReportsNothing() {
        assertThat(StreamBatches.eachKey(batch("a", "b"), "request_id", id -> { }).getBatchItemFailures()).isEmpty();
    }
}
