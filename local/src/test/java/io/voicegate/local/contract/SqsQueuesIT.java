package io.voicegate.local.contract;

import io.voicegate.adapter.sqs.RequestMessage;
import io.voicegate.adapter.sqs.SqsDeadLetters;
import io.voicegate.adapter.sqs.SqsRecordQueues;
import io.voicegate.adapter.sqs.SqsRequestQueue;
import io.voicegate.local.LocalEngines;
import io.voicegate.port.DeadLetters;
import io.voicegate.port.DeadLettersContract;
import io.voicegate.port.DeliveryQueue;
import io.voicegate.port.DispatchQueue;
import io.voicegate.port.RecordQueues;
import io.voicegate.port.RecordQueuesContract;
import io.voicegate.port.RequestQueueContract;
import io.voicegate.port.TaskChecks;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** The queue ports' contracts on the SQS adapters and ElasticMQ. */
class SqsQueuesIT {

    @RegisterExtension
    static final LocalEngines ENGINES = LocalEngines.withSqs();

    private static String newQueue(String prefix) {
        return ENGINES.sqsClient().createQueue(c -> c.queueName(prefix + UUID.randomUUID())).queueUrl();
    }

    private static String missingQueue() {
        String url = newQueue("gone-");
        ENGINES.sqsClient().deleteQueue(d -> d.queueUrl(url));
        return url;
    }

    /** Takes every visible message off the queue (ElasticMQ answers at once, up to 10 a call). */
    private static List<Message> drain(String queueUrl) {
        List<Message> all = new ArrayList<>();
        List<Message> batch;
        do {
            batch = ENGINES.sqsClient().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).messageAttributeNames("All")).messages();
            for (Message message : batch) {
                all.add(message);
                ENGINES.sqsClient().deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        } while (!batch.isEmpty());
        return all;
    }

    @Nested
    class RequestQueue extends RequestQueueContract {

        private String url = newQueue("requests-");
        private SqsRequestQueue queue = new SqsRequestQueue(ENGINES.sqsClient(), url);

        @Override
        protected DispatchQueue dispatches() {
            return queue;
        }

        @Override
        protected DeliveryQueue deliveries() {
            return queue;
        }

        @Override
        protected TaskChecks checks() {
            return queue;
        }

        @Override
        protected List<Received> receiveNow() {
            return drain(url).stream().map(m -> RequestMessage.decode(m.body()).orElseThrow())
                    .map(d -> new Received(d.requestId(), d.taskMayExist(), d.checkSince())).toList();
        }

        @Override
        protected List<Received> receiveWithin(Duration delay) {
            return await().atMost(delay.plusSeconds(5)).until(this::receiveNow, list -> !list.isEmpty());
        }

        @Override
        protected void makeUnreachable() {
            url = missingQueue();
            queue = new SqsRequestQueue(ENGINES.sqsClient(), url);
        }
    }

    @Nested
    class DeadLetterQueue extends DeadLettersContract {

        private String url = newQueue("dlq-");
        private SqsDeadLetters deadLetters = new SqsDeadLetters(ENGINES.sqsClient(), url);

        @Override
        protected DeadLetters deadLetters() {
            return deadLetters;
        }

        @Override
        protected List<Parked> parked() {
            return drain(url).stream().map(m -> {
                Map<String, String> context = new HashMap<>();
                m.messageAttributes().forEach((name, value) -> {
                    if (!name.equals(SqsDeadLetters.REASON_ATTRIBUTE)) {
                        context.put(name.substring("voicegate_".length()), value.stringValue());
                    }
                });
                return new Parked(m.body(), m.messageAttributes().get(SqsDeadLetters.REASON_ATTRIBUTE).stringValue(),
                        context);
            }).toList();
        }

        @Override
        protected void makeUnreachable() {
            url = missingQueue();
            deadLetters = new SqsDeadLetters(ENGINES.sqsClient(), url);
        }
    }

    @Nested
    class AccountQueues extends RecordQueuesContract {

        private final SqsRecordQueues queues = new SqsRecordQueues(ENGINES.sqsClient());

        @Override
        protected RecordQueues recordQueues() {
            return queues;
        }

        @Override
        protected String newQueue() {
            return SqsQueuesIT.newQueue("voicegate-records-");
        }

        @Override
        protected List<Map.Entry<String, String>> received(String queueUrl) {
            return drain(queueUrl).stream().map(m -> Map.entry(m.messageAttributes().get("request_id")
                    .stringValue(), m.body())).toList();
        }

        @Override
        protected String missingQueue() {
            return SqsQueuesIT.missingQueue();
        }
    }
}
