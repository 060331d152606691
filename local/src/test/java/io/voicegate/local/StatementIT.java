package io.voicegate.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code GET /account/ledger}: every entry of the caller, newest first, with the balance after each. */
@ExtendWith(LocalStackExtension.class)
class StatementIT {

    private static final long OPENING = 1_000_000;

    private final LocalStack stack = LocalStackExtension.stack();
    private final ApiClient admin = new ApiClient(stack.baseUrl(), stack.adminToken());

    private ApiClient openWithHistory() {
        return openWithHistory(OPENING);
    }

    private ApiClient openWithHistory(long opening) {
        String id = AdminApiIT.newId();
        JsonNode opened = admin.send("POST", "/admin/accounts", "application/json",
                "{\"account_id\":\"" + id + "\",\"initial_balance_micros\":" + opening + "}").json();
        ApiClient client = new ApiClient(stack.baseUrl(), opened.get("api_key").asText());
        for (String reference : List.of("pay-1", "pay-2")) {
            assertThat(admin.send("POST", "/admin/accounts/" + id + "/credits", "application/json",
                    "{\"amount_micros\":2500000,\"reference\":\"" + reference + "\"}").status()).isEqualTo(201);
        }
        assertThat(admin.send("POST", "/admin/accounts/" + id + "/debits", "application/json",
                "{\"amount_micros\":300000,\"reference\":\"fee-1\"}").status()).isEqualTo(201);
        List<String> requests = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            requests.add(client.submit(SubmitApiIT.valid("statement" + i)).json().get("request_id").asText());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> requests.stream().allMatch(r -> client.get("/requests/"
                + r).json().at("/billing/state").asText().equals("settled")));
        return client;
    }

    private static List<JsonNode> allPages(ApiClient client, int limit) {
        List<JsonNode> entries = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = client.get("/account/ledger?limit=" + limit + (cursor == null ? "" : "&cursor="
                    + cursor)).json();
            assertThat(page.get("entries").size()).isLessThanOrEqualTo(limit);
            page.get("entries").forEach(entries::add);
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        return entries;
    }

    @Test
    void pagesEveryEntryNewestFirstAndTheBalancesAddUp() {
        ApiClient client = openWithHistory();

        List<JsonNode> entries = allPages(client, 3);

        assertThat(entries).hasSize(7);
        assertThat(new HashSet<>(entries.stream().map(e -> e.get("id").asText()).toList())).hasSize(7);
        assertThat(entries).extracting(e -> e.get("kind").asText()).containsOnly("credit", "debit", "hold",
                "settle");
        long balance = client.get("/account").json().get("balance_micros").asLong();
        assertThat(entries.get(0).get("balance_after_micros").asLong()).isEqualTo(balance);
        for (int i = 0; i + 1 < entries.size(); i++) {
            JsonNode newer = entries.get(i);
            JsonNode older = entries.get(i + 1);
            assertThat(newer.get("created_at").asLong()).isGreaterThanOrEqualTo(older.get("created_at").asLong());
            assertThat(newer.get("balance_after_micros").asLong() - newer.get("amount_micros").asLong())
                    .isEqualTo(older.get("balance_after_micros").asLong());
        }
        JsonNode oldest = entries.get(entries.size() - 1);
        assertThat(oldest.get("balance_after_micros").asLong() - oldest.get("amount_micros").asLong())
                .isEqualTo(OPENING);
        assertThat(balance).isEqualTo(OPENING + 5_000_000 - 300_000 - 2 * 7_000);
        assertThat(entries).filteredOn(e -> e.get("kind").asText().equals("credit"))
                .allSatisfy(e -> assertThat(e.get("reference").asText()).startsWith("pay-"));
        assertThat(entries).filteredOn(e -> e.get("kind").asText().equals("hold"))
                .allSatisfy(e -> assertThat(e.get("request_id").asText()).isNotEmpty());
        assertThat(allPages(client, 100)).isEqualTo(entries);
        assertThat(client.get("/account/ledger?limit=100").json().get("opening_balance_micros").asLong())
                .as("the page reaching the opening").isEqualTo(OPENING);
        assertThat(client.get("/account/ledger?limit=3").json().get("opening_balance_micros").isNull())
                .as("a page before it").isTrue();
    }

    /**
     * A cursor is only a position: the balances of the page it opens are the account's own, whatever the cursor says.
     * Here a cursor carrying a balance of its own (the form cursors once had) and another account's cursor.
     */
    @Test
    void aCursorCannotChangeTheBalancesShown() {
        ApiClient client = openWithHistory();
        ApiClient other = openWithHistory(OPENING + 123); // other balances: one of them shown here would stand out
        List<JsonNode> entries = allPages(client, 100);
        String cursor = client.get("/account/ledger?limit=2").json().get("next_cursor").asText();
        String position = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|")[0];
        String claimingABalance = Base64.getUrlEncoder().withoutPadding()
                .encodeToString((position + "|-42").getBytes(StandardCharsets.UTF_8));
        String othersCursor = other.get("/account/ledger?limit=2").json().get("next_cursor").asText();

        JsonNode forged = client.get("/account/ledger?limit=2&cursor=" + claimingABalance).json();
        JsonNode borrowed = client.get("/account/ledger?limit=100&cursor=" + othersCursor).json();

        assertThat(forged.get("entries")).containsExactly(entries.get(2), entries.get(3));
        // the other account's history is newer than this one's: its position lies above all of this one's entries
        assertThat(borrowed.get("entries")).as("the page after another account's cursor").containsExactlyElementsOf(
                entries);
    }

    @Test
    void filtersByTimeAndRefusesBadParameters() {
        ApiClient client = openWithHistory();
        List<JsonNode> entries = allPages(client, 100);
        long newest = entries.get(0).get("created_at").asLong();
        long oldest = entries.get(entries.size() - 1).get("created_at").asLong();

        JsonNode inRange = client.get("/account/ledger?since=" + oldest + "&until=" + newest).json();
        JsonNode after = client.get("/account/ledger?since=" + (newest + 1)).json();
        JsonNode before = client.get("/account/ledger?until=" + (oldest - 1)).json();

        assertThat(inRange.get("entries")).hasSize(entries.size());
        assertThat(after.get("entries")).isEmpty();
        assertThat(before.get("entries")).isEmpty();
        for (String query : List.of("limit=0", "limit=101", "limit=4294967297", "since=yesterday",
                "since=99999999999999", "since=5&until=4", "cursor=bm9wZQ")) {
            ApiClient.Reply reply = client.get("/account/ledger?" + query);
            assertThat(reply.status()).as(query).isEqualTo(400);
            assertThat(reply.contentType()).isEqualTo("application/problem+json");
            assertThat(reply.json().at("/errors/0/field").asText()).as(query)
                    .isEqualTo(query.substring(0, query.indexOf('=')).replace("since", query.contains("until")
                            ? "until" : "since"));
        }
        assertThat(client.get("/account").json().get("ledger")).hasSize(7);
        assertThat(client.send("POST", "/account/ledger", null, null).status()).isEqualTo(405);
    }
}
