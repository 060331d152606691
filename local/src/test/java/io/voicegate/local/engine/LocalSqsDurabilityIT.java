package io.voicegate.local.engine;

import io.voicegate.local.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ElasticMQ kept in a directory loses nothing it acknowledged when its JVM is killed: the queue and its attributes,
 * its visible messages, and its in-flight messages (still in flight after the restart, then delivered again with
 * their receive count) are all there when it starts again on the directory.
 */
class LocalSqsDurabilityIT {

    private static final Duration START = Duration.ofMinutes(2);
    /** Long enough for the restart to happen while they are still in flight. */
    private static final int IN_FLIGHT_SECONDS = 20;

    @TempDir
    Path dataDir;

    @Test
    void queuesAndMessagesSurviveKillMinus9() {
        Set<String> expected;
        Set<String> inFlight;
        try (ChildJvm first = ChildJvm.start("durable-sqs-1", DurableSqsMain.class, List.of(dataDir.toString()));
             SqsClient sqs = client(first.awaitLine("sqs: ", START))) {
            String url = sqs.createQueue(c -> c.queueName("work").attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, "45"))).queueUrl();
            IntStream.range(0, 10).forEach(i -> sqs.sendMessage(s -> s.queueUrl(url).messageBody("m" + i)));
            Map<String, Message> received = new HashMap<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(3 - received.size())
                        .visibilityTimeout(IN_FLIGHT_SECONDS)).messages()
                        .forEach(m -> received.put(m.body(), m));
                return received.size() == 3;
            });
            Message deleted = received.values().iterator().next();
            sqs.deleteMessage(d -> d.queueUrl(url).receiptHandle(deleted.receiptHandle()));
            inFlight = received.keySet().stream().filter(body -> !body.equals(deleted.body()))
                    .collect(Collectors.toSet());
            expected = IntStream.range(0, 10).mapToObj(i -> "m" + i).filter(body -> !body.equals(deleted.body()))
                    .collect(Collectors.toSet());

            first.kill();
        }

        try (ChildJvm second = ChildJvm.start("durable-sqs-2", DurableSqsMain.class, List.of(dataDir.toString()));
             SqsClient sqs = client(second.awaitLine("sqs: ", START))) {
            String url = sqs.getQueueUrl(g -> g.queueName("work")).queueUrl();
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(g -> g.queueUrl(url)
                    .attributeNames(QueueAttributeName.ALL)).attributes();
            assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("45");
            assertThat(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo("7");
            assertThat(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isEqualTo("2");

            Map<String, Integer> receiveCounts = new HashMap<>();
            await().atMost(Duration.ofSeconds(IN_FLIGHT_SECONDS + 30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        for (Message m : sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)
                                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                                .messages()) {
                            receiveCounts.put(m.body(), Integer.parseInt(m.attributes()
                                    .get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)));
                            sqs.deleteMessage(d -> d.queueUrl(url).receiptHandle(m.receiptHandle()));
                        }
                        return receiveCounts.keySet().containsAll(expected);
                    });
            assertThat(receiveCounts.keySet()).isEqualTo(expected);
            receiveCounts.forEach((body, count) -> assertThat(count).as("receive count of %s", body)
                    .isEqualTo(inFlight.contains(body) ? 2 : 1));
        }
    }

    private static SqsClient client(String endpoint) {
        return SqsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.of(LocalSqs.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "any")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }
}
