package io.voicegate.app;

import io.voicegate.app.DeliverFinalRecord.Result;
import io.voicegate.domain.Billing;
import io.voicegate.domain.BillingState;
import io.voicegate.domain.Money;
import io.voicegate.domain.Request;
import io.voicegate.domain.StandardWebhooks;
import io.voicegate.http.JsonFinalRecords;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.voicegate.domain.RequestBuilder.aRequest;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The final record's delivery on the fakes: signed, retried under one webhook id, stopped by 410 or a refused target,
 * and sent to the account's own queue. The attempts' history is {@code DeliveryHistoryTest}; the network rules
 * (public addresses only, no redirects, timeouts) are {@code SafeWebhookSender}'s tests.
 */
class DeliverFinalRecordTest {

    private final Gateway gateway = new Gateway();
    private final DeliverFinalRecord deliver = gateway.deliverFinalRecord();

    /** A failed, refunded request of the gateway's account with this webhook, as the settlement leaves it. */
    private Request settled(Optional<String> webhook) {
        Request request = aRequest().account(Gateway.ACCOUNT).failed("upstream_failed")
                .billing(new Billing(BillingState.REFUNDED, Money.ofMicros(70_000), Money.ZERO,
                        Money.ofMicros(70_000))).createdAt(gateway.clock.instant()).build();
        if (webhook.isPresent()) {
            request = io.voicegate.domain.RequestBuilder.from(request).webhook(webhook.get()).build();
        }
        gateway.store.insert(request, Optional.empty(), Optional.empty());
        return request;
    }

    @Test
    void failuresAreRetriedUnderOneWebhookIdUntilDelivered() {
        Request request = settled(Optional.of("https://client.example.com/hooks"));
        gateway.webhooks.answer(500, 503, 200);

        List<Result> results = List.of(deliver.deliver(request.requestId()), deliver.deliver(request.requestId()),
                deliver.deliver(request.requestId()));

        assertThat(results).containsExactly(Result.RETRY, Result.RETRY, Result.DELIVERED);
        assertThat(gateway.webhooks.posts).extracting(h -> h.get("webhook-id"))
                .containsExactly(DeliverFinalRecord.webhookId(request.requestId()),
                        DeliverFinalRecord.webhookId(request.requestId()),
                        DeliverFinalRecord.webhookId(request.requestId()));
        assertThat(gateway.webhooks.bodies).containsOnly(new JsonFinalRecords().render(request));
    }

    @Test
    void goneStopsAndARefusedTargetIsNeverContacted() {
        Request gone = settled(Optional.of("https://client.example.com/gone"));
        Request refused = settled(Optional.of("https://internal.example.com/hooks"));

        gateway.webhooks.answer(410);
        Result goneResult = deliver.deliver(gone.requestId());
        gateway.webhooks.answer(-2);
        Result refusedResult = deliver.deliver(refused.requestId());

        assertThat(goneResult).isEqualTo(Result.GONE);
        assertThat(refusedResult).isEqualTo(Result.REFUSED);
        assertThat(gateway.webhooks.posts).hasSize(1);
    }

    @Test
    void aRequestWithoutAWebhookIsDoneAtOnceAndOneNotYetSettledHasNothingToDeliver() {
        Request withoutWebhook = settled(Optional.empty());
        String open = gateway.submitted();

        assertThat(deliver.deliver(withoutWebhook.requestId())).isEqualTo(Result.DELIVERED);
        assertThat(deliver.deliver(open)).isEqualTo(Result.NOTHING_TO_DELIVER);
        assertThat(deliver.deliver("no-such-request")).isEqualTo(Result.NOTHING_TO_DELIVER);
        assertThat(gateway.webhooks.posts).isEmpty();
    }

    @Test
    void duringASecretRotationBothSecretsSignAndEachVerifies() {
        String previous = gateway.accounts.webhookSecrets(Gateway.ACCOUNT).orElseThrow().current();
        String current = "whsec_bmV3LXNlY3JldC1mb3ItdGhlLXRlc3Q=";
        gateway.accounts.rotateWebhookSecret(Gateway.ACCOUNT, current, gateway.clock.instant(),
                gateway.clock.instant().plus(Duration.ofHours(24)));
        Request request = settled(Optional.of("https://client.example.com/hooks"));

        deliver.deliver(request.requestId());

        Map<String, String> headers = gateway.webhooks.posts.get(0);
        String body = gateway.webhooks.bodies.get(0);
        assertThat(headers.get("webhook-signature").split(" ")).hasSize(2);
        for (String secret : List.of(previous, current)) {
            assertThat(StandardWebhooks.verify(secret, headers.get("webhook-id"), headers.get("webhook-timestamp"),
                    body, headers.get("webhook-signature"), gateway.clock.instant())).as(secret).isTrue();
        }
    }

    @Test
    void anAccountQueueReceivesEveryFinalRecord() {
        String queue = gateway.recordQueues.create("voicegate-records-acme");
        gateway.accounts.setDeliveryQueue(Gateway.ACCOUNT, queue);
        Request request = settled(Optional.empty());

        Result result = deliver.deliver(request.requestId());

        assertThat(result).isEqualTo(Result.DELIVERED);
        assertThat(gateway.recordQueues.received(queue)).containsExactly(Map.entry(request.requestId(),
                new JsonFinalRecords().render(request)));
    }
}
