package io.voicegate.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.domain.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Idempotency-Key semantics of {@code POST /requests}, on the real engines. */
@ExtendWith(LocalStackExtension.class)
class IdempotencyIT {

    private final LocalStackExtension.TestAccount account = LocalStackExtension.openAccount(Money.ofUsd("1"));
    private final ApiClient api = new ApiClient(LocalStackExtension.stack().baseUrl(), account.apiKey());
    private final String key = "order-" + UUID.randomUUID();

    @Test
    void sameKeyAndBodyReplaysTheFirstResponseAndChargesOnce() {
        ApiClient.Reply first = api.submit(SubmitApiIT.VALID, "Idempotency-Key", key);

        ApiClient.Reply again = api.submit(SubmitApiIT.VALID, "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.header("idempotent-replayed")).isEmpty();
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.header("idempotent-replayed")).contains("true");
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(again.header("location")).isEqualTo(first.header("location"));
        assertThat(api.ledgerEntries("hold")).isEqualTo(1);
        api.balanceConsistentWithLedger(1_000_000);
    }

    @Test
    void sameKeyWithAnotherBodyIs422() {
        api.submit(SubmitApiIT.VALID, "Idempotency-Key", key);

        ApiClient.Reply other = api.submit(SubmitApiIT.VALID.replace("ada", "bob"), "Idempotency-Key", key);

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.contentType()).isEqualTo("application/problem+json");
        assertThat(api.ledgerEntries("hold")).isEqualTo(1);
    }

    @Test
    void keysAreScopedToTheAccount() {
        var other = LocalStackExtension.openAccount(Money.ofUsd("1"));
        ApiClient otherApi = new ApiClient(LocalStackExtension.stack().baseUrl(), other.apiKey());
        String mine = api.submit(SubmitApiIT.VALID, "Idempotency-Key", key).json().get("request_id").asText();

        ApiClient.Reply theirs = otherApi.submit(SubmitApiIT.VALID, "Idempotency-Key", key);

        assertThat(theirs.status()).isEqualTo(202);
        assertThat(theirs.header("idempotent-replayed")).isEmpty();
        assertThat(theirs.json().get("request_id").asText()).isNotEqualTo(mine);
    }

    @Test
    void validationFailuresAreNotRemembered() {
        ApiClient.Reply invalid = api.submit("{\"model\":\"kling-custom-voice\",\"payload\":{}}", "Idempotency-Key", key);

        ApiClient.Reply fixed = api.submit(SubmitApiIT.VALID, "Idempotency-Key", key);

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(fixed.status()).isEqualTo(202);
        assertThat(fixed.header("idempotent-replayed")).isEmpty();
    }

    @Test
    void insufficientBalanceIsNotRemembered() {
        var poor = LocalStackExtension.openAccount(Money.ofMicros(1));
        ApiClient poorApi = new ApiClient(LocalStackExtension.stack().baseUrl(), poor.apiKey());

        ApiClient.Reply refused = poorApi.submit(SubmitApiIT.VALID, "Idempotency-Key", key);
        ApiClient.Reply retried = poorApi.submit(SubmitApiIT.VALID, "Idempotency-Key", key);

        assertThat(refused.status()).isEqualTo(402);
        assertThat(retried.status()).isEqualTo(402);
    }

    @Test
    void overlongKeyIsRejectedNamingTheHeader() {
        ApiClient.Reply reply = api.submit(SubmitApiIT.VALID, "Idempotency-Key", "k".repeat(256));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/errors/0/field").asText()).isEqualTo("Idempotency-Key");
    }

    @Test
    void concurrentRequestsWithOneKeyCreateOneRequest() throws Exception {
        List<ApiClient.Reply> replies = ConcurrencyIT.race(8,
                () -> api.submit(SubmitApiIT.VALID, "Idempotency-Key", key));

        List<Integer> statuses = replies.stream().map(ApiClient.Reply::status).toList();
        assertThat(statuses).isSubsetOf(202, 409); // a replay (202) or still in flight (409): which depends on timing
        List<ApiClient.Reply> created = replies.stream()
                .filter(r -> r.status() == 202 && r.header("idempotent-replayed").isEmpty()).toList();
        assertThat(created).hasSize(1);
        replies.stream().filter(r -> r.status() == 409)
                .forEach(r -> assertThat(r.header("retry-after")).isPresent());
        String id = created.get(0).json().get("request_id").asText();
        replies.stream().filter(r -> r.status() == 202)
                .forEach(r -> assertThat(r.json().get("request_id").asText()).isEqualTo(id));
        assertThat(api.ledgerEntries("hold")).isEqualTo(1);
        api.balanceConsistentWithLedger(1_000_000);
    }
}
