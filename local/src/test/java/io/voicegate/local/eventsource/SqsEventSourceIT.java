package io.voicegate.local.eventsource;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.voicegate.local.engine.LocalSqs;
import io.voicegate.local.template.SamTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The SQS event source's batching as Lambda applies it ("Using Lambda with Amazon SQS", "How Lambda processes records
 * from stream and queue-based event sources"): no window, a batch is what one receive returns; with one, messages are
 * gathered until the batch is full or the window is over, by long polls that may outlast it (so a lone message on a
 * quiet queue can wait up to 20 s; here the gathering poll is shortened to 2 s).
 */
class SqsEventSourceIT {

    private static final Duration GATHERING_POLL = Duration.ofSeconds(2);
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private static LocalSqs engine;
    private static SqsClient sqs;

    private final List<SqsEventSource> sources = new ArrayList<>();
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private String queueUrl;
    private String queueArn;

    private record Invocation(int messages, long atNanos) {
    }

    @BeforeAll
    static void startEngine() {
        engine = LocalSqs.start();
        sqs = SqsClient.builder().endpointOverride(engine.endpoint()).region(Region.of(LocalSqs.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stopEngine() {
        sqs.close();
        engine.close();
    }

    @BeforeEach
    void createQueue() {
        queueUrl = sqs.createQueue(c -> c.queueName("q" + UUID.randomUUID().toString().substring(0, 8))).queueUrl();
        queueArn = sqs.getQueueAttributes(g -> g.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    @AfterEach
    void stopSources() throws InterruptedException {
        for (SqsEventSource source : sources) {
            source.close();
        }
    }

    private void start(Map<String, Object> properties) {
        Map<String, Object> p = new HashMap<>(Map.of("Queue", queueArn));
        p.putAll(properties);
        sources.add(new SqsEventSource("Worker", event -> {
            invocations.add(new Invocation(((SQSEvent) event).getRecords().size(), System.nanoTime()));
            return null;
        }, new SamTemplate.Event("Work", "SQS", p), String::valueOf, sqs, arn -> queueUrl, 1, GATHERING_POLL));
    }

    private void send(int count) {
        for (int from = 0; from < count; from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + 10); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("message " + i).build());
            }
            sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        }
    }

    private int delivered() {
        return invocations.stream().mapToInt(Invocation::messages).sum();
    }

    @Test
    void withoutAWindowALoneMessageIsDeliveredAtOnce() {
        start(Map.of("BatchSize", 10));

        long sentAt = System.nanoTime();
        send(1);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10)).until(() -> delivered() == 1);

        assertThat((invocations.get(0).atNanos() - sentAt) / 1_000_000).isLessThan(1_000);
    }

    @Test
    void withAWindowALoneMessageWaitsForTheGatheringPollNotJustTheWindow() {
        start(Map.of("BatchSize", 10, "MaximumBatchingWindowInSeconds", 1));

        long sentAt = System.nanoTime();
        send(1);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10)).until(() -> delivered() == 1);

        assertThat((invocations.get(0).atNanos() - sentAt) / 1_000_000)
                .isGreaterThanOrEqualTo(GATHERING_POLL.toMillis());
    }

    @Test
    void withAWindowABatchOverTenIsGatheredAcrossReceives() {
        send(25);

        start(Map.of("BatchSize", 25, "MaximumBatchingWindowInSeconds", 5));
        await().atMost(PATIENCE).until(() -> delivered() == 25);

        assertThat(invocations).extracting(Invocation::messages).containsExactly(25);
    }

    @Test
    void aBatchOverTenWithoutAWindowIsRefusedAsLambdaDoes() {
        assertThatThrownBy(() -> start(Map.of("BatchSize", 20))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MaximumBatchingWindowInSeconds");
    }
}
