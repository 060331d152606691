package io.voicegate.local.eventsource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegate.json.Json;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A stream mapping's on-failure destination, an SQS queue: for each batch given up on it gets Lambda's invocation
 * record, which describes the batch (shard, first and last sequence numbers, stream ARN) without its records.
 */
final class StreamFailureDestination {

    static final String RETRIES_EXHAUSTED = "RetryAttemptsExhausted";

    private final SqsClient sqs;
    private final String queueUrl;
    private final String functionArn;
    private final String streamArn;
    private final Clock clock;

    StreamFailureDestination(SqsClient sqs, String queueUrl, String functionArn, String streamArn, Clock clock) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.functionArn = functionArn;
        this.streamArn = streamArn;
        this.clock = clock;
    }

    /**
     * @param records       the discarded records' Lambda JSON, in stream order
     * @param invokeCount   how many times the function was invoked with these records
     * @param functionError whether the last invocation threw (rather than reported the records as failed)
     */
    void send(String shardId, List<ObjectNode> records, int invokeCount, boolean functionError) {
        sqs.sendMessage(m -> m.queueUrl(queueUrl)
                .messageBody(Json.write(invocationRecord(shardId, records, invokeCount, functionError))));
    }

    private ObjectNode invocationRecord(String shardId, List<ObjectNode> records, int invokeCount, boolean functionError) {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.putObject("requestContext").put("requestId", UUID.randomUUID().toString())
                .put("functionArn", functionArn).put("condition", RETRIES_EXHAUSTED)
                .put("approximateInvokeCount", invokeCount);
        ObjectNode response = record.putObject("responseContext").put("statusCode", 200)
                .put("executedVersion", "$LATEST");
        if (functionError) {
            response.put("functionError", "Unhandled");
        }
        record.put("version", "1.0");
        record.put("timestamp", clock.instant().toString());
        JsonNode first = records.get(0).path("dynamodb");
        JsonNode last = records.get(records.size() - 1).path("dynamodb");
        record.putObject("DDBStreamBatchInfo").put("shardId", shardId)
                .put("startSequenceNumber", first.path("SequenceNumber").asText())
                .put("endSequenceNumber", last.path("SequenceNumber").asText())
                .put("approximateArrivalOfFirstRecord", arrival(first))
                .put("approximateArrivalOfLastRecord", arrival(last))
                .put("batchSize", records.size())
                .put("streamArn", streamArn);
        return record;
    }

    private static String arrival(JsonNode dynamodb) {
        JsonNode seconds = dynamodb.path("ApproximateCreationDateTime");
        if (!seconds.isNumber()) {
            return null;
        }
        BigDecimal millis = seconds.decimalValue().movePointRight(3);
        return Instant.ofEpochMilli(millis.longValue()).toString();
    }
}
