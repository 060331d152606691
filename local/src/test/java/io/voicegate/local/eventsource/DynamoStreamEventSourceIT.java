package io.voicegate.local.eventsource;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.ddbengine.DynamoEngine;
import io.voicegate.ddbengine.EngineOptions;
import io.voicegate.json.Json;
import io.voicegate.local.engine.LocalSqs;
import io.voicegate.local.template.Intrinsics;
import io.voicegate.local.template.SamTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The stream event source on a real stream of the local DynamoDB engine, with its on-failure queue on ElasticMQ. */
class DynamoStreamEventSourceIT {

    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final String SETTLED = """
            {"eventName":["INSERT","MODIFY"],"dynamodb":{"NewImage":{"status":{"S":["success","failed"]}}}}""";

    private static DynamoEngine dynamoEngine;
    private static LocalSqs sqsEngine;
    private static DynamoDbClient dynamo;
    private static DynamoDbStreamsClient streams;
    private static SqsClient sqs;

    private final List<DynamoStreamEventSource> sources = new ArrayList<>();
    private final Map<String, String> queueUrls = new HashMap<>();
    private final RecordingFunction function = new RecordingFunction();
    private String table;
    private String streamArn;
    private Intrinsics intrinsics;

    @BeforeAll
    static void startEngines() {
        dynamoEngine = DynamoEngine.start(EngineOptions.defaults());
        sqsEngine = LocalSqs.start();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        Region region = Region.of(LocalSqs.REGION);
        dynamo = DynamoDbClient.builder().endpointOverride(dynamoEngine.endpoint()).region(region)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        streams = DynamoDbStreamsClient.builder().endpointOverride(dynamoEngine.endpoint()).region(region)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        sqs = SqsClient.builder().endpointOverride(sqsEngine.endpoint()).region(region)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stopEngines() throws Exception {
        sqs.close();
        streams.close();
        dynamo.close();
        sqsEngine.close();
        dynamoEngine.close();
    }

    @BeforeEach
    void createTableAndFailureQueue() {
        table = "t" + UUID.randomUUID().toString().substring(0, 8);
        streamArn = dynamo.createTable(c -> c.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
                        .attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)))
                .tableDescription().latestStreamArn();
        String queueUrl = sqs.createQueue(c -> c.queueName(table + "-failures")).queueUrl();
        String queueArn = sqs.getQueueAttributes(g -> g.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        queueUrls.put(queueArn, queueUrl);
        intrinsics = new Intrinsics(Map.of(), Map.of("Failures", queueUrl),
                Map.of("Table.StreamArn", streamArn, "Failures.Arn", queueArn), LocalSqs.REGION);
    }

    @AfterEach
    void closeSources() {
        sources.forEach(DynamoStreamEventSource::close);
    }

    @Test
    void deliversEveryChangeInOrderWithTheImagesLambdaWouldGive() {
        start(Map.of());

        dynamo.putItem(p -> p.tableName(table).item(Map.of("id", s("a"), "status", s("queued"),
                "count", AttributeValue.fromN("1"), "ok", AttributeValue.fromBool(true),
                "tags", AttributeValue.fromSs(List.of("x", "y")), "meta", AttributeValue.fromM(Map.of("k", s("v"))),
                "list", AttributeValue.fromL(List.of(s("one"), AttributeValue.fromN("2"))),
                "nothing", AttributeValue.fromNul(true),
                "blob", AttributeValue.fromB(SdkBytes.fromUtf8String("bytes")))));
        dynamo.updateItem(u -> u.tableName(table).key(Map.of("id", s("a")))
                .updateExpression("SET #s = :s").expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s", s("success"))));
        put("b", "queued");
        dynamo.deleteItem(d -> d.tableName(table).key(Map.of("id", s("b"))));

        await().atMost(PATIENCE).until(() -> function.records().size() == 4);
        List<DynamodbEvent.DynamodbStreamRecord> records = function.records();
        assertThat(records).extracting(DynamodbEvent.DynamodbStreamRecord::getEventName)
                .containsExactly("INSERT", "MODIFY", "INSERT", "REMOVE");
        assertThat(records).extracting(r -> r.getDynamodb().getKeys().get("id").getS())
                .containsExactly("a", "a", "b", "b");
        assertThat(records).allSatisfy(r -> {
            assertThat(r.getEventSource()).isEqualTo("aws:dynamodb");
            assertThat(r.getEventSourceARN()).isEqualTo(streamArn);
            assertThat(r.getAwsRegion()).isEqualTo(LocalSqs.REGION);
            assertThat(r.getEventVersion()).isEqualTo("1.1");
            assertThat(r.getEventID()).isNotBlank();
            assertThat(r.getDynamodb().getStreamViewType()).isEqualTo("NEW_AND_OLD_IMAGES");
            assertThat(r.getDynamodb().getSizeBytes()).isPositive();
            assertThat(r.getDynamodb().getApproximateCreationDateTime()).isNotNull();
        });
        assertThat(records).extracting(r -> new BigInteger(r.getDynamodb().getSequenceNumber())).isSorted();

        var inserted = records.get(0).getDynamodb().getNewImage();
        assertThat(records.get(0).getDynamodb().getOldImage()).isNull();
        assertThat(inserted.get("status").getS()).isEqualTo("queued");
        assertThat(inserted.get("count").getN()).isEqualTo("1");
        assertThat(inserted.get("ok").getBOOL()).isTrue();
        assertThat(inserted.get("tags").getSS()).containsExactlyInAnyOrder("x", "y");
        assertThat(inserted.get("meta").getM().get("k").getS()).isEqualTo("v");
        assertThat(inserted.get("list").getL()).extracting(v -> v.getS() != null ? v.getS() : v.getN())
                .containsExactly("one", "2");
        assertThat(inserted.get("nothing").isNULL()).isTrue();
        assertThat(inserted.get("blob").getB()).isEqualTo(ByteBuffer.wrap("bytes".getBytes(StandardCharsets.UTF_8)));

        assertThat(records.get(1).getDynamodb().getOldImage().get("status").getS()).isEqualTo("queued");
        assertThat(records.get(1).getDynamodb().getNewImage().get("status").getS()).isEqualTo("success");
        assertThat(records.get(1).getDynamodb().getNewImage().get("count").getN()).isEqualTo("1");
        assertThat(records.get(3).getDynamodb().getNewImage()).isNull();
        assertThat(records.get(3).getDynamodb().getOldImage().get("status").getS()).isEqualTo("queued");
    }

    @Test
    void startingAtLatestSkipsWhatWasWrittenBefore() {
        put("before", "queued");

        start(Map.of("StartingPosition", "LATEST"));
        put("after", "queued");

        await().atMost(PATIENCE).until(() -> function.ids().contains("after"));
        assertThat(function.ids()).containsExactly("after");
    }

    @Test
    void batchSizeLimitsTheRecordsOfEachInvocation() {
        for (int i = 1; i <= 5; i++) {
            put("i" + i, "queued");
        }

        start(Map.of("BatchSize", 2));

        await().atMost(PATIENCE).until(() -> function.ids().size() == 5);
        assertThat(function.batches()).containsExactly(List.of("i1", "i2"), List.of("i3", "i4"), List.of("i5"));
    }

    /** "Using Lambda with Amazon DynamoDB": records are gathered until a full batch or the window's end. */
    @Test
    void aBatchingWindowHoldsALoneRecordForTheWindowAndAFullBatchNot() {
        for (int i = 1; i <= 3; i++) {
            put("full" + i, "queued");
        }
        long startedAt = System.nanoTime();
        start(Map.of("BatchSize", 3, "MaximumBatchingWindowInSeconds", 2));
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10)).until(() -> function.batches().size() == 1);
        long fullBatchMs = (System.nanoTime() - startedAt) / 1_000_000;

        long putAt = System.nanoTime();
        put("lone", "queued");
        await().atMost(PATIENCE).until(() -> function.batches().size() == 2);
        long loneWaitedMs = (System.nanoTime() - putAt) / 1_000_000;

        assertThat(function.batches()).containsExactly(List.of("full1", "full2", "full3"), List.of("lone"));
        assertThat(loneWaitedMs).as("the lone record waited the window").isGreaterThanOrEqualTo(2_000);
        assertThat(fullBatchMs).as("a full batch waits for no window").isLessThan(2_000);
    }

    @Test
    void withoutABatchingWindowALoneRecordIsDeliveredWithinAPoll() {
        start(Map.of("MaximumBatchingWindowInSeconds", 0));
        put("warm", "queued");
        await().atMost(PATIENCE).until(() -> function.ids().contains("warm"));

        long putAt = System.nanoTime();
        put("lone", "queued");
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10)).until(() -> function.ids().contains("lone"));
        long waitedMs = (System.nanoTime() - putAt) / 1_000_000;

        assertThat(waitedMs).as("Lambda polls a shard four times a second").isLessThan(1_000);
    }

    @Test
    void recordsThatMatchNoFilterAreSkipped() {
        start(Map.of("FilterCriteria", Map.of("Filters", List.of(Map.of("Pattern", SETTLED)))));

        put("a", "queued");
        put("a", "success");
        put("b", "failed");
        dynamo.deleteItem(d -> d.tableName(table).key(Map.of("id", s("a"))));
        put("c", "processing");
        put("d", "success");

        await().atMost(PATIENCE).until(() -> function.ids().contains("d"));
        assertThat(function.records()).extracting(r -> r.getEventName() + " " + r.getDynamodb().getKeys().get("id")
                .getS()).containsExactly("MODIFY a", "INSERT b", "INSERT d");
    }

    @Test
    void aPartialBatchFailureRestartsFromTheFailedRecordWithTheLowestSequenceNumber() {
        for (int i = 1; i <= 4; i++) {
            put("r" + i, "queued");
        }
        function.behaviour = event -> function.batches().size() == 1
                ? failures(event.getRecords().get(3), event.getRecords().get(2)) : new StreamsEventResponse();

        start(Map.of("FunctionResponseTypes", List.of("ReportBatchItemFailures")));
        await().atMost(PATIENCE).until(() -> function.batches().size() == 2);
        put("r5", "queued");

        await().atMost(PATIENCE).until(() -> function.ids().contains("r5"));
        assertThat(function.batches()).containsExactly(List.of("r1", "r2", "r3", "r4"), List.of("r3", "r4"),
                List.of("r5"));
    }

    @Test
    void anUnknownItemIdentifierFailsTheWholeBatch() {
        put("r1", "queued");
        put("r2", "queued");
        function.behaviour = event -> function.batches().size() == 1 ? StreamsEventResponse.builder()
                .withBatchItemFailures(List.of(new StreamsEventResponse.BatchItemFailure(""))).build() : null;

        start(Map.of("FunctionResponseTypes", List.of("ReportBatchItemFailures")));
        await().atMost(PATIENCE).until(() -> function.batches().size() == 2);
        put("r3", "queued");

        await().atMost(PATIENCE).until(() -> function.ids().contains("r3"));
        assertThat(function.batches()).containsExactly(List.of("r1", "r2"), List.of("r1", "r2"), List.of("r3"));
    }

    @Test
    void reportedFailuresAreIgnoredUnlessTheMappingAsksForThem() {
        put("r1", "queued");
        function.behaviour = event -> failures(event.getRecords().get(0));

        start(Map.of());
        await().atMost(PATIENCE).until(() -> function.batches().size() == 1);
        put("r2", "queued");

        await().atMost(PATIENCE).until(() -> function.ids().contains("r2"));
        assertThat(function.ids()).containsExactly("r1", "r2");
    }

    @Test
    void aBatchThatStillFailsAfterItsRetriesIsDescribedOnTheFailureQueueAndSkipped() throws Exception {
        put("poison", "queued");
        put("good", "queued");
        function.behaviour = failOn("poison");

        start(Map.of("BatchSize", 1, "MaximumRetryAttempts", 2, "DestinationConfig", onFailureQueue()));

        await().atMost(PATIENCE).until(() -> function.ids().contains("good"));
        assertThat(function.batches()).containsExactly(List.of("poison"), List.of("poison"), List.of("poison"),
                List.of("good"));
        JsonNode failure = failureMessage();
        String poison = function.records().get(0).getDynamodb().getSequenceNumber();
        assertThat(failure.at("/requestContext/condition").asText()).isEqualTo("RetryAttemptsExhausted");
        assertThat(failure.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(3);
        assertThat(failure.at("/requestContext/functionArn").asText()).endsWith(":function:ReconcileFunction");
        assertThat(failure.at("/responseContext/functionError").asText()).isEqualTo("Unhandled");
        assertThat(failure.at("/DDBStreamBatchInfo/shardId").asText()).isNotBlank();
        assertThat(failure.at("/DDBStreamBatchInfo/startSequenceNumber").asText()).isEqualTo(poison);
        assertThat(failure.at("/DDBStreamBatchInfo/endSequenceNumber").asText()).isEqualTo(poison);
        assertThat(failure.at("/DDBStreamBatchInfo/batchSize").asInt()).isEqualTo(1);
        assertThat(failure.at("/DDBStreamBatchInfo/streamArn").asText()).isEqualTo(streamArn);
        assertThat(failure.at("/DDBStreamBatchInfo/approximateArrivalOfFirstRecord").asText()).isNotBlank();
    }

    @Test
    void bisectingAFailingBatchIsolatesTheBadRecord() throws Exception {
        for (String id : List.of("r1", "r2", "poison", "r4")) {
            put(id, "queued");
        }
        function.behaviour = failOn("poison");

        start(Map.of("BatchSize", 4, "BisectBatchOnFunctionError", true, "MaximumRetryAttempts", 0,
                "DestinationConfig", onFailureQueue()));

        await().atMost(PATIENCE).until(() -> function.batches().size() == 5);
        assertThat(function.batches()).containsExactly(List.of("r1", "r2", "poison", "r4"), List.of("r1", "r2"),
                List.of("poison", "r4"), List.of("poison"), List.of("r4"));
        JsonNode failure = failureMessage();
        String poison = function.records().get(2).getDynamodb().getSequenceNumber();
        assertThat(failure.at("/DDBStreamBatchInfo/startSequenceNumber").asText()).isEqualTo(poison);
        assertThat(failure.at("/DDBStreamBatchInfo/endSequenceNumber").asText()).isEqualTo(poison);
        assertThat(failure.at("/DDBStreamBatchInfo/batchSize").asInt()).isEqualTo(1);
        assertThat(failure.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(3);
    }

    @Test
    void aFailingBatchIsRetriedUntilItSucceedsByDefault() {
        put("flaky", "queued");
        function.behaviour = event -> {
            if (function.batches().size() < 3) {
                throw new IllegalStateException("not yet");
            }
            return null;
        };

        start(Map.of());
        await().atMost(PATIENCE).until(() -> function.batches().size() == 3);
        put("next", "queued");

        await().atMost(PATIENCE).until(() -> function.ids().contains("next"));
        assertThat(function.batches()).containsExactly(List.of("flaky"), List.of("flaky"), List.of("flaky"),
                List.of("next"));
    }

    @Test
    void closeStopsDelivery() {
        DynamoStreamEventSource source = start(Map.of());
        put("first", "queued");
        await().atMost(PATIENCE).until(() -> function.ids().contains("first"));

        source.close();
        put("second", "queued");

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                .until(() -> function.ids().equals(List.of("first")));
    }

    private DynamoStreamEventSource start(Map<String, Object> properties) {
        Map<String, Object> p = new HashMap<>();
        p.put("Stream", Map.of("Fn::GetAtt", "Table.StreamArn"));
        p.put("StartingPosition", "TRIM_HORIZON");
        p.putAll(properties);
        DynamoStreamEventSource source = new DynamoStreamEventSource("ReconcileFunction", function,
                new SamTemplate.Event("Changes", "DynamoDB", p), intrinsics::resolve, streams, sqs, queueUrls::get);
        sources.add(source);
        return source;
    }

    private static Map<String, Object> onFailureQueue() {
        return Map.of("OnFailure", Map.of("Type", "SQS", "Destination", Map.of("Fn::GetAtt", "Failures.Arn")));
    }

    private JsonNode failureMessage() throws Exception {
        String queueUrl = intrinsics.resolve(Map.of("Ref", "Failures"));
        List<Message> messages = await().atMost(PATIENCE).until(() -> sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                .maxNumberOfMessages(10).waitTimeSeconds(1)).messages(), m -> !m.isEmpty());
        assertThat(messages).hasSize(1);
        return Json.mapper().readTree(messages.get(0).body());
    }

    private void put(String id, String status) {
        dynamo.putItem(p -> p.tableName(table).item(Map.of("id", s(id), "status", s(status))));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static StreamsEventResponse failures(DynamodbEvent.DynamodbStreamRecord... records) {
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord record : records) {
            failures.add(new StreamsEventResponse.BatchItemFailure(record.getDynamodb().getSequenceNumber()));
        }
        return new StreamsEventResponse(failures);
    }

    private static Function<DynamodbEvent, Object> failOn(String id) {
        return event -> {
            if (event.getRecords().stream().anyMatch(r -> r.getDynamodb().getKeys().get("id").getS().equals(id))) {
                throw new IllegalStateException("cannot handle " + id);
            }
            return null;
        };
    }

    /** A stream function that records each batch it gets and answers as told. */
    private static final class RecordingFunction implements Invoker {

        private final List<DynamodbEvent> events = new CopyOnWriteArrayList<>();
        volatile Function<DynamodbEvent, Object> behaviour = event -> null;

        @Override
        public Object invoke(Object event) {
            DynamodbEvent dynamodbEvent = (DynamodbEvent) event;
            events.add(dynamodbEvent);
            return behaviour.apply(dynamodbEvent);
        }

        List<DynamodbEvent.DynamodbStreamRecord> records() {
            return events.stream().flatMap(e -> e.getRecords().stream()).toList();
        }

        List<List<String>> batches() {
            return events.stream().map(e -> e.getRecords().stream()
                    .map(r -> r.getDynamodb().getKeys().get("id").getS()).toList()).toList();
        }

        List<String> ids() {
            return batches().stream().flatMap(List::stream).toList();
        }
    }
}
