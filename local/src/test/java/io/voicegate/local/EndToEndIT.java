package io.voicegate.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.adapter.sqs.DispatchMessage;
import io.voicegate.domain.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A user's session through the local HTTP front: submit, read back, see the hold, and a dispatch message queued. */
@ExtendWith(LocalStackExtension.class)
class EndToEndIT {

    @Test
    void submitReadBackAndDispatchHint() {
        LocalStack stack = LocalStackExtension.stack();
        var account = LocalStackExtension.openAccount(Money.ofUsd("10"));
        ApiClient api = new ApiClient(stack.baseUrl(), account.apiKey());

        ApiClient.Reply submitted = api.submit("""
                {"model":"kling-custom-voice","payload":{"voice_name":"grace","video_id":"vid_123-abc"},
                 "webhook":{"url":"https://client.example.com/hooks"}}""");
        String id = submitted.json().get("request_id").asText();

        assertThat(submitted.status()).isEqualTo(202);
        JsonNode record = api.get(submitted.header("location").orElseThrow()).json();
        assertThat(record.get("status").asText()).isEqualTo("dispatched");
        assertThat(record.at("/payload/video_id").asText()).isEqualTo("vid_123-abc");
        assertThat(record.at("/webhook/url").asText()).isEqualTo("https://client.example.com/hooks");
        assertThat(api.get("/account").json().get("balance_micros").asLong()).isEqualTo(10_000_000 - 70_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatchMessageFor(stack, id));
    }

    /** Looks without consuming: messages seen are hidden briefly (so the next look sees others), then reappear. */
    private static boolean dispatchMessageFor(LocalStack stack, String requestId) {
        return stack.sqs().receiveMessage(r -> r.queueUrl(stack.ref("DispatchQueue")).maxNumberOfMessages(10)
                        .visibilityTimeout(3)).messages().stream()
                .map(m -> DispatchMessage.decode(m.body()))
                .anyMatch(Optional.of(requestId)::equals);
    }
}
