package io.voicegate.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.domain.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The submit path through the local HTTP front, on the local DynamoDB engine and ElasticMQ. */
@ExtendWith(LocalStackExtension.class)
class SubmitApiIT {

    static final String VALID = """
            {"model":"kling-custom-voice","payload":{"voice_name":"ada","voice_url":"https://cdn.example.com/ada.mp3"}}""";

    /** A valid body with this voice name (names are unique among an account's live voices). */
    static String valid(String voiceName) {
        return VALID.replace("\"voice_name\":\"ada\"", "\"voice_name\":\"" + voiceName + "\"");
    }

    private static ApiClient client(LocalStackExtension.TestAccount account) {
        return new ApiClient(LocalStackExtension.stack().baseUrl(), account.apiKey());
    }

    @Test
    void submitHoldsThePreChargeAndAnswersTheDispatchedRecord() {
        var account = LocalStackExtension.openAccount(Money.ofUsd("1"));
        ApiClient api = client(account);

        ApiClient.Reply reply = api.submit(VALID);

        assertThat(reply.status()).isEqualTo(202);
        JsonNode record = reply.json();
        String id = record.get("request_id").asText();
        assertThat(reply.header("location")).contains("/requests/" + id);
        assertThat(record.get("status").asText()).isEqualTo("dispatched");
        assertThat(record.get("model").asText()).isEqualTo("kling-custom-voice");
        assertThat(record.at("/payload/voice_name").asText()).isEqualTo("ada");
        assertThat(record.at("/billing/state").asText()).isEqualTo("held");
        assertThat(record.at("/billing/held_micros").asLong()).isEqualTo(70_000);
        assertThat(record.has("outcome")).isFalse();

        JsonNode ledger = api.get("/account").json().get("ledger");
        assertThat(ledger).anySatisfy(entry -> {
            assertThat(entry.get("entry_id").asText()).isEqualTo(id + "#hold");
            assertThat(entry.get("amount_micros").asLong()).isEqualTo(-70_000);
        });
        assertThat(api.balanceConsistentWithLedger(1_000_000)).isLessThan(1_000_000);
        JsonNode readBack = api.get("/requests/" + id).json();
        assertThat(readBack.get("status").asText()).as("the dispatch worker may already have sent it to Kling")
                .isIn("dispatched", "processing", "success");
        assertThat(readBack.get("payload")).isEqualTo(record.get("payload"));
        assertThat(readBack.get("billing")).isEqualTo(record.get("billing"));
        assertThat(readBack.get("created_at")).isEqualTo(record.get("created_at"));
    }

    @Test
    void insufficientBalanceIs402AndWritesNothing() {
        var account = LocalStackExtension.openAccount(Money.ofMicros(69_999));
        ApiClient api = client(account);

        ApiClient.Reply reply = api.submit(VALID);

        assertThat(reply.status()).isEqualTo(402);
        assertThat(reply.contentType()).isEqualTo("application/problem+json");
        JsonNode accountView = api.get("/account").json();
        assertThat(accountView.get("balance_micros").asLong()).isEqualTo(69_999);
        assertThat(accountView.get("ledger")).isEmpty();
        assertThat(api.get("/requests").json().get("requests")).isEmpty();
    }

    @Test
    void invalidBodiesAre400NamingTheFieldAndCostNothing() {
        var account = LocalStackExtension.openAccount(Money.ofUsd("1"));
        ApiClient api = client(account);

        ApiClient.Reply reply = api.submit("""
                {"model":"kling-custom-voice","payload":{"voice_name":"ada","voice_uri":"https://x.example.com/a.mp3"}}""");
        ApiClient.Reply notJson = api.submit("{\"model\":");
        ApiClient.Reply wrongType = api.submit("[1,2]");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).isEqualTo("application/problem+json");
        assertThat(reply.json().get("errors")).extracting(e -> e.get("field").asText())
                .containsExactlyInAnyOrder("payload.voice_uri", "payload");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().at("/errors/0/field").asText()).isEqualTo("body");
        assertThat(notJson.raw().body()).doesNotContain("Exception").doesNotContain("at io.voicegate");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(api.get("/account").json().get("balance_micros").asLong()).isEqualTo(1_000_000);
    }

    @Test
    void transportErrorsUseTheirOwnStatuses() {
        var account = LocalStackExtension.openAccount(Money.ofUsd("1"));
        ApiClient api = client(account);

        ApiClient.Reply wrongMedia = api.send("POST", "/requests", "text/plain", VALID);
        ApiClient.Reply tooLarge = api.submit("{\"model\":\"" + "x".repeat(70_000) + "\"}");
        ApiClient.Reply wrongMethod = api.send("DELETE", "/requests", null, null);
        ApiClient.Reply unknownPath = api.get("/nothing-here");

        assertThat(wrongMedia.status()).isEqualTo(415);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("allow")).contains("GET, POST");
        assertThat(unknownPath.status()).isEqualTo(404);
        assertThat(unknownPath.contentType()).isEqualTo("application/problem+json");
        assertThat(api.get("/account").json().get("balance_micros").asLong()).isEqualTo(1_000_000);
    }

    @Test
    void missingOrUnknownKeysAre401WithAChallenge() {
        ApiClient anonymous = new ApiClient(LocalStackExtension.stack().baseUrl(), null);
        ApiClient forged = new ApiClient(LocalStackExtension.stack().baseUrl(), "vg_not-a-real-key");

        ApiClient.Reply missing = anonymous.submit(VALID);
        ApiClient.Reply unknown = forged.get("/account");

        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.header("www-authenticate")).contains("Bearer");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.header("www-authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
    }

    @Test
    void anotherAccountsRequestIsNotFound() {
        var owner = LocalStackExtension.openAccount(Money.ofUsd("1"));
        var other = LocalStackExtension.openAccount(Money.ofUsd("1"));
        String id = client(owner).submit(VALID).json().get("request_id").asText();

        ApiClient.Reply reply = client(other).get("/requests/" + id);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.raw().body()).doesNotContain(owner.accountId());
        assertThat(client(other).get("/requests").json().get("requests")).isEmpty();
        assertThat(client(owner).get("/requests/" + id).status()).isEqualTo(200);
    }

    @Test
    void listingIsNewestFirstAndPagesWithACursor() {
        var account = LocalStackExtension.openAccount(Money.ofUsd("1"));
        ApiClient api = client(account);
        java.util.List<String> submitted = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            submitted.add(api.submit(valid("ada" + i)).json().get("request_id").asText());
        }

        java.util.List<String> listed = new java.util.ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = api.get("/requests?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("requests").forEach(r -> listed.add(r.get("request_id").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(listed).containsExactlyInAnyOrderElementsOf(submitted);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(api.get("/requests?status=success&limit=100").json().get("requests")).hasSize(5));
        assertThat(api.get("/requests?status=dispatched").json().get("requests")).isEmpty();
        assertThat(api.get("/requests?status=failed").json().get("requests")).isEmpty();
        assertThat(api.get("/requests?status=done").status()).isEqualTo(400);
        assertThat(api.get("/requests?limit=0").json().at("/errors/0/field").asText()).isEqualTo("limit");
        assertThat(api.get("/requests?cursor=bm90YWN1cnNvcg").json().at("/errors/0/field").asText()).isEqualTo("cursor");
    }

    @Test
    void aFullLastPageHasNoCursor() {
        var account = LocalStackExtension.openAccount(Money.ofUsd("1"));
        ApiClient api = client(account);
        for (int i = 0; i < 4; i++) {
            api.submit(valid("page" + i));
        }

        JsonNode first = api.get("/requests?limit=2").json();
        JsonNode last = api.get("/requests?limit=2&cursor=" + first.get("next_cursor").asText()).json();
        JsonNode whole = api.get("/requests?limit=4").json();
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/account/ledger?limit=100").json()
                .get("entries").size() == 8);
        JsonNode statement = api.get("/account/ledger?limit=8").json();

        assertThat(first.get("requests")).hasSize(2);
        assertThat(last.get("requests")).hasSize(2);
        assertThat(last.get("next_cursor").isNull()).isTrue();
        assertThat(whole.get("requests")).hasSize(4);
        assertThat(whole.get("next_cursor").isNull()).isTrue();
        assertThat(statement.get("entries")).hasSize(8);
        assertThat(statement.get("next_cursor").isNull()).isTrue();
        assertThat(api.get("/account/ledger?limit=7").json().get("next_cursor").isNull()).isFalse();
    }

    @Test
    void modelsDescribeTheSchemaAndPrice() {
        ApiClient api = client(LocalStackExtension.openAccount(Money.ZERO));

        JsonNode models = api.get("/models").json();
        JsonNode model = api.get("/models/kling-custom-voice").json();

        assertThat(models.get("model_ids")).extracting(JsonNode::asText).containsExactly("kling-custom-voice");
        assertThat(model.at("/pricing/hold_micros").asLong()).isEqualTo(70_000);
        assertThat(model.at("/pricing/price_per_unit_micros").asLong()).isEqualTo(140_000);
        assertThat(model.at("/input_schema/properties/voice_name/maxLength").asInt()).isEqualTo(20);
        assertThat(api.get("/models/unknown").status()).isEqualTo(404);
    }
}
