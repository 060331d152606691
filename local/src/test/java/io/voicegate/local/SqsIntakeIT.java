package io.voicegate.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.adapter.sqs.SqsDeadLetters;
import io.voicegate.domain.Money;
import io.voicegate.submit.IntakeHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** SQS intake: through the real queue and event source, and through the handler with real SQS event objects. */
@ExtendWith(LocalStackExtension.class)
class SqsIntakeIT {

    private final LocalStack stack = LocalStackExtension.stack();
    private final IntakeHandler handler = new IntakeHandler(stack.function("IntakeFunction").wiring());

    @Test
    void aValidMessageOnTheQueueBecomesARequestOfTheSendersAccount() {
        ApiClient producer = producerClient();
        String name = "q" + UUID.randomUUID().toString().substring(0, 8);

        stack.sqs().sendMessage(m -> m.queueUrl(stack.ref("IntakeQueue"))
                .messageBody(SubmitApiIT.VALID.replace("\"ada\"", "\"" + name + "\"")));

        JsonNode record = await().atMost(Duration.ofSeconds(20)).until(() -> findByVoiceName(producer, name),
                Optional::isPresent).get();
        assertThat(record.get("status").asText()).isIn("dispatched", "processing", "success");
        assertThat(record.at("/billing/held_micros").asLong()).isEqualTo(70_000);
    }

    @Test
    void anInvalidMessageIsRecordedAsAFailedRequestWithNoCharge() {
        String sender = "AIDA" + UUID.randomUUID();
        var account = LocalStackExtension.openAccount(Money.ofUsd("1"), sender);
        SQSEvent event = message(sender, "{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_name\":\"ada\"}}");

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        ApiClient api = new ApiClient(stack.baseUrl(), account.apiKey());
        JsonNode record = api.get("/requests").json().at("/requests/0");
        assertThat(record.get("status").asText()).isEqualTo("failed");
        assertThat(record.at("/outcome/error_code").asText()).isEqualTo("invalid_request");
        assertThat(record.at("/outcome/error").asText()).contains("payload");
        assertThat(record.at("/billing/state").asText()).isEqualTo("none");
        assertThat(record.at("/billing/held_micros").asLong()).isZero();
        assertThat(api.get("/account").json().get("balance_micros").asLong()).isEqualTo(1_000_000);
    }

    @Test
    void anUnaffordableMessageIsRecordedAsFailedWithNoCharge() {
        String sender = "AIDA" + UUID.randomUUID();
        var account = LocalStackExtension.openAccount(Money.ofMicros(10), sender);

        handler.handleRequest(message(sender, SubmitApiIT.VALID), null);

        ApiClient api = new ApiClient(stack.baseUrl(), account.apiKey());
        JsonNode record = api.get("/requests").json().at("/requests/0");
        assertThat(record.at("/outcome/error_code").asText()).isEqualTo("insufficient_balance");
        assertThat(api.get("/account").json().get("balance_micros").asLong()).isEqualTo(10);
    }

    @Test
    void aRedeliveredMessageFromAnAssumedRoleIsSubmittedOnce() {
        String sender = "AROA" + UUID.randomUUID();
        var account = LocalStackExtension.openAccount(Money.ofUsd("1"), sender);
        SQSEvent event = message(sender + ":producer-session", SubmitApiIT.VALID);

        handler.handleRequest(event, null);
        handler.handleRequest(event, null);

        ApiClient api = new ApiClient(stack.baseUrl(), account.apiKey());
        assertThat(api.get("/requests").json().get("requests")).hasSize(1);
        assertThat(api.ledgerEntries("hold")).isEqualTo(1);
    }

    @Test
    void aMessageFromAnUnknownPrincipalIsParkedWithTheReason() {
        String sender = "AIDAUNKNOWN" + UUID.randomUUID();
        SQSEvent event = message(sender, SubmitApiIT.VALID);

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        Message parked = await().atMost(Duration.ofSeconds(10)).until(() -> parked(sender), Optional::isPresent).get();
        assertThat(parked.body()).isEqualTo(SubmitApiIT.VALID);
        assertThat(parked.messageAttributes().get(SqsDeadLetters.REASON_ATTRIBUTE).stringValue())
                .contains("no account allows").contains(sender);
    }

    @Test
    void theOfficialSampleEventIsAcceptedAndParkedForItsUnknownSender() throws Exception {
        SQSEvent event = EventLoader.loadSQSEvent(LocalStackExtension.root()
                .resolve("events/sam-official/sqs-receive-message.json").toString());

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
    }

    @Test
    void theEventsFixturesAreHandled() {
        var account = LocalStackExtension.openAccount(Money.ofUsd("1"));
        SQSEvent valid = EventLoader.loadSQSEvent(fixture("sqs/intake-valid.json"));
        valid.getRecords().get(0).setMessageId(UUID.randomUUID().toString());
        String sender = "AIDA" + UUID.randomUUID();
        valid.getRecords().get(0).getAttributes().put("SenderId", sender);
        stack.function("IntakeFunction").wiring().accountStore().allowPrincipal(account.accountId(), sender);

        SQSBatchResponse response = handler.handleRequest(valid, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        ApiClient api = new ApiClient(stack.baseUrl(), account.apiKey());
        JsonNode record = api.get("/requests").json().at("/requests/0");
        assertThat(record.get("status").asText()).isIn("dispatched", "processing", "success");
        assertThat(record.at("/webhook/url").asText()).isEqualTo("https://client.example.com/hooks/voice");
    }

    @Test
    void anOverLongIdempotencyKeyIsRecordedOnceAsAFailedRequestWithNoCharge() {
        String sender = "AIDA" + UUID.randomUUID();
        var account = LocalStackExtension.openAccount(Money.ofUsd("1"), sender);
        SQSEvent first = keyed(message(sender, SubmitApiIT.VALID), "k".repeat(256));
        SQSEvent second = keyed(message(sender, SubmitApiIT.VALID), "k".repeat(256));

        SQSBatchResponse one = handler.handleRequest(first, null);
        SQSBatchResponse redelivered = handler.handleRequest(first, null);
        handler.handleRequest(second, null);

        assertThat(one.getBatchItemFailures()).isEmpty();
        assertThat(redelivered.getBatchItemFailures()).isEmpty();
        ApiClient api = new ApiClient(stack.baseUrl(), account.apiKey());
        JsonNode records = api.get("/requests").json().get("requests");
        assertThat(records).hasSize(2).allSatisfy(record -> {
            assertThat(record.get("status").asText()).isEqualTo("failed");
            assertThat(record.at("/outcome/error_code").asText()).isEqualTo("invalid_idempotency_key");
            assertThat(record.at("/billing/state").asText()).isEqualTo("none");
        });
        assertThat(api.get("/account").json().get("balance_micros").asLong()).isEqualTo(1_000_000);
    }

    @Test
    void aKeyReusedWithAnotherBodyIsRecordedOnceAsAFailedRequestNotRetried() {
        String sender = "AIDA" + UUID.randomUUID();
        var account = LocalStackExtension.openAccount(Money.ofUsd("1"), sender);
        handler.handleRequest(keyed(message(sender, SubmitApiIT.VALID), "order-42"), null);
        SQSEvent other = keyed(message(sender, SubmitApiIT.VALID.replace("\"ada\"", "\"bob\"")), "order-42");

        SQSBatchResponse response = handler.handleRequest(other, null);
        SQSBatchResponse redelivered = handler.handleRequest(other, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(redelivered.getBatchItemFailures()).isEmpty();
        ApiClient api = new ApiClient(stack.baseUrl(), account.apiKey());
        JsonNode records = api.get("/requests").json().get("requests");
        assertThat(records).hasSize(2);
        assertThat(records).filteredOn(r -> r.at("/outcome/error_code").asText().equals("idempotency_key_reused"))
                .singleElement().satisfies(r -> assertThat(r.at("/billing/state").asText()).isEqualTo("none"));
        assertThat(api.ledgerEntries("hold")).isEqualTo(1);
    }

    private static SQSEvent keyed(SQSEvent event, String key) {
        SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
        attribute.setDataType("String");
        attribute.setStringValue(key);
        event.getRecords().get(0).setMessageAttributes(java.util.Map.of("Idempotency-Key", attribute));
        return event;
    }

    static String fixture(String name) {
        return LocalStackExtension.root().resolve("events").resolve(name).toString();
    }

    private static SQSEvent message(String senderId, String body) {
        SQSEvent event = EventLoader.loadSQSEvent(fixture("sqs/intake-valid.json"));
        SQSEvent.SQSMessage message = event.getRecords().get(0);
        message.setMessageId(UUID.randomUUID().toString());
        message.setBody(body);
        message.getAttributes().put("SenderId", senderId);
        return event;
    }

    private Optional<JsonNode> findByVoiceName(ApiClient api, String name) {
        for (JsonNode record : api.get("/requests?limit=100").json().get("requests")) {
            if (name.equals(record.at("/payload/voice_name").asText())) {
                return Optional.of(record);
            }
        }
        return Optional.empty();
    }

    private ApiClient producerClient() {
        return new ApiClient(stack.baseUrl(), LocalStackExtension.localSender().apiKey());
    }

    private Optional<Message> parked(String sender) {
        List<Message> messages = stack.sqs().receiveMessage(r -> r.queueUrl(stack.ref("IntakeDeadLetterQueue"))
                .maxNumberOfMessages(10).visibilityTimeout(0).messageAttributeNames("All")).messages();
        return messages.stream().filter(m -> m.messageAttributes().containsKey("voicegate_sender_id")
                && sender.equals(m.messageAttributes().get("voicegate_sender_id").stringValue())).findFirst();
    }
}
