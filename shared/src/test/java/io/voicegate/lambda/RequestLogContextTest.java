package io.voicegate.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.adapter.sqs.RequestMessage;
import io.voicegate.app.RequestLogContext;
import io.voicegate.http.ApiResponse;
import io.voicegate.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Every line logged while a request is handled carries its request_id and account_id, and no later line does. */
class RequestLogContextTest {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLogContextTest.class);

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private PrintStream stdout;

    @BeforeEach
    void captureTheJsonLines() {
        stdout = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
    }

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : printed.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(Json.mapper().readTree(line));
            }
        }
        return lines;
    }

    private static String field(JsonNode line, String name) {
        return line.has(name) ? line.get(name).asText() : null;
    }

    @Test
    void eachSqsMessageLogsUnderItsOwnRequestAndTheAccountReadForIt() throws Exception {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message("m1", "r-1"), message("m2", "r-2")));
        RequestMessageBatch batch = new RequestMessageBatch("dispatch", (handle, delay) -> { }, (message, receives) -> {
            RequestLogContext.read(message.requestId(), "account-of-" + message.requestId());
            RequestLogContext.read("some-other-request", "another-account");
            LOG.info("working on {}", message.requestId());
            return Optional.<Duration>empty();
        });

        batch.handle(event);
        LOG.info("after the batch");

        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(3);
        assertThat(field(lines.get(0), "request_id")).isEqualTo("r-1");
        assertThat(field(lines.get(0), "account_id")).isEqualTo("account-of-r-1");
        assertThat(field(lines.get(1), "request_id")).isEqualTo("r-2");
        assertThat(field(lines.get(1), "account_id")).isEqualTo("account-of-r-2");
        assertThat(field(lines.get(2), "request_id")).isNull();
        assertThat(field(lines.get(2), "account_id")).isNull();
    }

    @Test
    void aStreamRecordLogsUnderItsRequestAndTheAccountOfItsImageFailuresIncluded() throws Exception {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(record("r-7", "acme"), record("r-8", "globex")));

        StreamBatches.eachKey(event, "request_id", id -> {
            if (id.equals("r-8")) {
                throw new IllegalStateException("settlement failed");
            }
            LOG.info("settling");
        });

        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(2);
        assertThat(field(lines.get(0), "request_id")).isEqualTo("r-7");
        assertThat(field(lines.get(0), "account_id")).isEqualTo("acme");
        assertThat(field(lines.get(1), "level")).isEqualTo("ERROR");
        assertThat(field(lines.get(1), "request_id")).isEqualTo("r-8");
        assertThat(field(lines.get(1), "account_id")).isEqualTo("globex");
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }

    @Test
    void anHttpCallLogsUnderThePathsRequestAndTheAccountTheKeyOpens() throws Exception {
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRouteKey("GET /requests/{request_id}").withRawPath("/requests/r-9")
                .withPathParameters(Map.of("request_id", "r-9")).withHeaders(Map.of())
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("apigw-1")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").build())
                        .build())
                .build();

        HttpApiEvents.handle(event, request -> {
            RequestLogContext.account("acme");
            LOG.warn("answering");
            return new ApiResponse(200, Map.of(), "{}");
        });
        LOG.warn("between calls");

        List<JsonNode> lines = lines();
        assertThat(field(lines.get(0), "request_id")).isEqualTo("r-9");
        assertThat(field(lines.get(0), "account_id")).isEqualTo("acme");
        assertThat(field(lines.get(1), "request_id")).isNull();
        assertThat(field(lines.get(1), "account_id")).isNull();
    }

    private static SQSEvent.SQSMessage message(String id, String requestId) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setReceiptHandle("handle-" + id);
        message.setBody(RequestMessage.encode(requestId, false));
        message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        return message;
    }

    private static DynamodbEvent.DynamodbStreamRecord record(String requestId, String accountId) {
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventID("e-" + requestId);
        record.setDynamodb(new StreamRecord().withSequenceNumber("seq-" + requestId)
                .withKeys(Map.of("request_id", new AttributeValue().withS(requestId)))
                .withNewImage(Map.of("request_id", new AttributeValue().withS(requestId),
                        "account_id", new AttributeValue().withS(accountId))));
        return record;
    }
}
