package io.voicegate.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.domain.Money;
import io.voicegate.submit.AdminApiHandler;
import io.voicegate.submit.IntakeHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The admin API's rules on the local stack: who may call it, accounts, credits and debits, keys, suspension. */
@ExtendWith(LocalStackExtension.class)
class AdminApiIT {

    private final LocalStack stack = LocalStackExtension.stack();
    private final ApiClient admin = new ApiClient(stack.baseUrl(), stack.adminToken());

    static String newId() {
        return "acct-" + UUID.randomUUID();
    }

    private JsonNode open(String accountId, long balanceMicros) {
        ApiClient.Reply reply = admin.send("POST", "/admin/accounts", "application/json",
                "{\"account_id\":\"" + accountId + "\",\"initial_balance_micros\":" + balanceMicros + "}");
        assertThat(reply.status()).isEqualTo(201);
        return reply.json();
    }

    private ApiClient.Reply credit(String accountId, long micros, String reference) {
        return admin.send("POST", "/admin/accounts/" + accountId + "/credits", "application/json",
                "{\"amount_micros\":" + micros + ",\"reference\":\"" + reference + "\",\"note\":\"top-up\"}");
    }

    @Test
    void onlyTheAdminTokenOpensTheAdminRoutes() {
        var client = LocalStackExtension.openAccount(Money.ofUsd("1"));

        ApiClient.Reply none = new ApiClient(stack.baseUrl(), null).get("/admin/accounts");
        ApiClient.Reply clientKey = new ApiClient(stack.baseUrl(), client.apiKey()).get("/admin/accounts");
        ApiClient.Reply wrong = new ApiClient(stack.baseUrl(), stack.adminToken() + "x").get("/admin/accounts");
        ApiClient.Reply right = admin.get("/admin/accounts");

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("www-authenticate")).isPresent();
        assertThat(clientKey.status()).isEqualTo(403);
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(List.of(none, clientKey, wrong)).allSatisfy(r -> {
            assertThat(r.contentType()).isEqualTo("application/problem+json");
            assertThat(r.raw().body()).doesNotContain("Exception").doesNotContain(stack.adminToken());
        });
        assertThat(right.status()).isEqualTo(200);
        assertThat(right.json().get("accounts").isArray()).isTrue();
        assertThat(new ApiClient(stack.baseUrl(), stack.adminToken()).get("/account").status()).isEqualTo(401);
    }

    @Test
    void theAdminFunctionRefusesACallWithoutAnIamIdentity() {
        AdminApiHandler handler = new AdminApiHandler(stack.function("AdminFunction").wiring());
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder().withRouteKey("GET /admin/accounts")
                .withRawPath("/admin/accounts").withHeaders(Map.of("authorization", "Bearer " + stack.adminToken()))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().build()).build();

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(response.getBody()).contains("AWS IAM");
    }

    @Test
    void anAccountIsOpenedOnceWithAKeyShownOnce() {
        String id = newId();

        JsonNode opened = open(id, 2_000_000);
        ApiClient.Reply again = admin.send("POST", "/admin/accounts", "application/json",
                "{\"account_id\":\"" + id + "\",\"initial_balance_micros\":1}");
        ApiClient.Reply invalid = admin.send("POST", "/admin/accounts", "application/json",
                "{\"account_id\":\"no spaces\",\"initial_balance_micros\":-1,\"record_queue\":\"https://x/q\","
                        + "\"colour\":\"red\"}");

        assertThat(opened.get("account_id").asText()).isEqualTo(id);
        assertThat(opened.get("key_id").asText()).startsWith("key_");
        ApiClient client = new ApiClient(stack.baseUrl(), opened.get("api_key").asText());
        assertThat(client.get("/account").json().get("balance_micros").asLong()).isEqualTo(2_000_000);
        assertThat(again.status()).isEqualTo(409);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("colour",
                "account_id", "initial_balance_micros", "record_queue");
        JsonNode shown = admin.get("/admin/accounts/" + id).json();
        assertThat(shown.get("state").asText()).isEqualTo("active");
        assertThat(shown.at("/view/balance_micros").asLong()).isEqualTo(2_000_000);
        assertThat(admin.get("/admin/accounts/" + newId()).status()).isEqualTo(404);
    }

    /** An SQS sender submits for one account: opening another with it is refused and opens nothing. */
    @Test
    void aPrincipalOfAnotherAccountIsAConflictNamingItsField() {
        String owner = newId();
        String principal = "AROA" + newId();
        assertThat(admin.send("POST", "/admin/accounts", "application/json", "{\"account_id\":\"" + owner
                + "\",\"initial_balance_micros\":0,\"allowed_principals\":[\"" + principal + "\"]}").status())
                .isEqualTo(201);
        String taker = newId();

        ApiClient.Reply refused = admin.send("POST", "/admin/accounts", "application/json", "{\"account_id\":\""
                + taker + "\",\"initial_balance_micros\":1000000,\"allowed_principals\":[\"AROA-x\",\""
                + principal + "\"]}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("type").asText()).endsWith("principal-taken");
        assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo("allowed_principals[1]");
        assertThat(admin.get("/admin/accounts/" + taker).status()).as("the account").isEqualTo(404);
    }

    @Test
    void twentyParallelCreditsWithOneReferenceMakeOneEntry() throws Exception {
        String id = newId();
        open(id, 0);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Callable<ApiClient.Reply>> credits = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            credits.add(() -> credit(id, 25_000_000, "pay-42"));
        }

        List<ApiClient.Reply> replies = new ArrayList<>();
        for (Future<ApiClient.Reply> future : pool.invokeAll(credits)) {
            replies.add(future.get());
        }
        pool.shutdown();

        assertThat(replies).extracting(ApiClient.Reply::status).containsOnly(200, 201);
        assertThat(replies).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(replies).extracting(r -> r.json().get("id").asText()).containsOnly("credit#pay-42");
        assertThat(replies).extracting(r -> r.json().get("amount_micros").asLong()).containsOnly(25_000_000L);
        JsonNode account = admin.get("/admin/accounts/" + id).json();
        assertThat(account.get("balance_micros").asLong()).isEqualTo(25_000_000);
        assertThat(account.at("/view/ledger")).hasSize(1);
        ApiClient.Reply reused = credit(id, 20_000_000, "pay-42");
        assertThat(reused.status()).isEqualTo(409);
        assertThat(reused.json().get("type").asText()).endsWith("#problem-reference-reused");
    }

    @Test
    void aDebitNeverTakesTheBalanceBelowZero() {
        String id = newId();
        open(id, 1_000_000);

        ApiClient.Reply tooMuch = admin.send("POST", "/admin/accounts/" + id + "/debits", "application/json",
                "{\"amount_micros\":1000001,\"reference\":\"fee-1\"}");
        ApiClient.Reply debit = admin.send("POST", "/admin/accounts/" + id + "/debits", "application/json",
                "{\"amount_micros\":400000,\"reference\":\"fee-1\",\"note\":\"manual charge\"}");
        ApiClient.Reply badAmount = admin.send("POST", "/admin/accounts/" + id + "/debits", "application/json",
                "{\"amount_micros\":1.5,\"reference\":\"fee-2\"}");
        ApiClient.Reply unknown = admin.send("POST", "/admin/accounts/" + newId() + "/debits", "application/json",
                "{\"amount_micros\":1,\"reference\":\"fee-3\"}");
        ApiClient.Reply huge = admin.send("POST", "/admin/accounts/" + id + "/credits", "application/json",
                "{\"amount_micros\":9223372036854775807,\"reference\":\"big\"}");
        ApiClient.Reply oddId = admin.send("POST", "/admin/accounts/" + "x".repeat(300) + "/credits",
                "application/json", "{\"amount_micros\":1,\"reference\":\"fee-4\"}");

        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.json().get("type").asText()).endsWith("#problem-insufficient-balance");
        assertThat(debit.status()).isEqualTo(201);
        assertThat(debit.json().get("amount_micros").asLong()).isEqualTo(-400_000);
        assertThat(debit.json().get("note").asText()).isEqualTo("manual charge");
        assertThat(badAmount.status()).isEqualTo(400);
        assertThat(badAmount.json().at("/errors/0/field").asText()).isEqualTo("amount_micros");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.json().at("/errors/0/field").asText()).isEqualTo("amount_micros");
        assertThat(oddId.status()).isEqualTo(404);
        assertThat(admin.get("/admin/accounts/" + id).json().get("balance_micros").asLong()).isEqualTo(600_000);
    }

    @Test
    void aRevokedKeyFailsOnTheNextRequestWhileTheOtherGoesOn() {
        String id = newId();
        JsonNode opened = open(id, 1_000_000);
        ApiClient first = new ApiClient(stack.baseUrl(), opened.get("api_key").asText());
        assertThat(first.get("/account").status()).isEqualTo(200);

        JsonNode issued = admin.send("POST", "/admin/accounts/" + id + "/keys", null, null).json();
        ApiClient second = new ApiClient(stack.baseUrl(), issued.get("api_key").asText());
        JsonNode keys = admin.get("/admin/accounts/" + id + "/keys").json().get("keys");
        ApiClient.Reply revoked = admin.send("DELETE", "/admin/accounts/" + id + "/keys/"
                + opened.get("key_id").asText(), null, null);

        assertThat(keys).hasSize(2);
        JsonNode firstKey = keys.findParents("key_id").stream()
                .filter(k -> k.get("key_id").asText().equals(opened.get("key_id").asText())).findFirst().orElseThrow();
        JsonNode secondKey = keys.findParents("key_id").stream()
                .filter(k -> k.get("key_id").asText().equals(issued.get("key_id").asText())).findFirst().orElseThrow();
        String apiKey = opened.get("api_key").asText();
        assertThat(firstKey.get("last4").asText()).isEqualTo(apiKey.substring(apiKey.length() - 4));
        assertThat(firstKey.get("last_used_on").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(secondKey.get("last_used_on").isNull()).isTrue();
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(first.get("/account").status()).isEqualTo(401);
        assertThat(second.get("/account").status()).isEqualTo(200);
        assertThat(admin.get("/admin/accounts/" + id + "/keys").json().get("keys")).singleElement()
                .satisfies(k -> assertThat(k.get("key_id").asText()).isEqualTo(issued.get("key_id").asText()));
        assertThat(admin.send("DELETE", "/admin/accounts/" + id + "/keys/" + opened.get("key_id").asText(), null,
                null).status()).isEqualTo(404);
    }

    @Test
    void aSuspendedAccountCannotSubmitButItsOpenRequestsFinish() {
        String id = newId();
        JsonNode opened = open(id, 1_000_000);
        ApiClient client = new ApiClient(stack.baseUrl(), opened.get("api_key").asText());
        String open = client.submit(SubmitApiIT.valid("before")).json().get("request_id").asText();

        JsonNode suspended = admin.send("POST", "/admin/accounts/" + id + "/suspend", "application/json",
                "{\"reason\":\"chargeback under review\"}").json();
        ApiClient.Reply refused = client.submit(SubmitApiIT.valid("after"), "Idempotency-Key", "k-1");

        assertThat(suspended.get("state").asText()).isEqualTo("suspended");
        assertThat(suspended.get("suspended_reason").asText()).isEqualTo("chargeback under review");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("type").asText()).endsWith("#problem-account-suspended");
        await().atMost(Duration.ofSeconds(20)).until(() -> client.get("/requests/" + open).json()
                .at("/billing/state").asText().equals("settled"));
        long balance = client.get("/account").json().get("balance_micros").asLong();
        assertThat(balance).isEqualTo(1_000_000 - 7_000);

        JsonNode resumed = admin.send("POST", "/admin/accounts/" + id + "/resume", null, null).json();
        ApiClient.Reply accepted = client.submit(SubmitApiIT.valid("after"), "Idempotency-Key", "k-1");

        assertThat(resumed.get("state").asText()).isEqualTo("active");
        assertThat(resumed.has("suspended_reason")).isFalse();
        assertThat(accepted.status()).isEqualTo(202);
    }

    @Test
    void aSuspendedAccountsSqsMessageIsRecordedFailedWithoutACharge() {
        String id = newId();
        JsonNode opened = open(id, 1_000_000);
        String sender = "AIDA" + UUID.randomUUID();
        stack.function("IntakeFunction").wiring().accountStore().allowPrincipal(id, sender);
        admin.send("POST", "/admin/accounts/" + id + "/suspend", "application/json", "{\"reason\":\"review\"}");
        SQSEvent event = EventLoader.loadSQSEvent(SqsIntakeIT.fixture("sqs/intake-valid.json"));
        event.getRecords().get(0).setMessageId(UUID.randomUUID().toString());
        event.getRecords().get(0).getAttributes().put("SenderId", sender);

        SQSBatchResponse response = new IntakeHandler(stack.function("IntakeFunction").wiring())
                .handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        ApiClient client = new ApiClient(stack.baseUrl(), opened.get("api_key").asText());
        JsonNode record = client.get("/requests").json().at("/requests/0");
        assertThat(record.get("status").asText()).isEqualTo("failed");
        assertThat(record.at("/outcome/error_code").asText()).isEqualTo("account_suspended");
        assertThat(record.at("/billing/state").asText()).isEqualTo("none");
        assertThat(client.get("/account").json().get("balance_micros").asLong()).isEqualTo(1_000_000);
    }
}
