package io.voicegate.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.domain.Money;
import io.voicegate.local.kling.SimulatorFaults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The reconciliation against Kling's bill, on a Kling simulator whose bill disagrees in each of the three ways. */
@ExtendWith(LocalStackExtension.class)
class KlingBillReconciliationIT {

    private final LocalStack stack = LocalStackExtension.stack();
    private final ApiClient admin = new ApiClient(stack.baseUrl(), stack.adminToken());
    private final SimulatorFaults faults = stack.simulator().orElseThrow().faults();

    @AfterEach
    void clearFaults() {
        faults.clear();
    }

    private static String submit(ApiClient client, String voiceName) {
        return client.submit("""
                {"model":"kling-custom-voice","payload":{"voice_name":"%s",\
                "voice_url":"https://cdn.example.com/%s.mp3"}}""".formatted(voiceName, voiceName)).json()
                .get("request_id").asText();
    }

    @Test
    void reportsUnitsThatDifferUnknownTasksAndTasksNotBilled() {
        var account = LocalStackExtension.openAccount(Money.ofUsd("1"));
        ApiClient client = new ApiClient(stack.baseUrl(), account.apiKey());
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> names = Map.of("differs", "d" + tag, "unbilled", "u" + tag, "refunded", "r" + tag,
                "matches", "m" + tag);
        faults.billUnits(names.get("differs"), "0.07");
        faults.leaveOffBill(names.get("unbilled"));
        faults.failTask(names.get("refunded"), "content policy");
        String unknownTask = "99" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
        faults.billUnknownTask(unknownTask, "0.05");
        Map<String, String> requests = new HashMap<>();
        names.forEach((role, name) -> requests.put(role, submit(client, name)));
        await().atMost(Duration.ofSeconds(30)).until(() -> requests.values().stream().allMatch(id -> !client.get(
                "/requests/" + id).json().at("/billing/state").asText().equals("held")));
        String today = LocalDate.now(ZoneOffset.UTC).toString();

        ApiClient.Reply run = admin.send("POST", "/admin/reconciliation?date=" + today, null, null);
        JsonNode shown = admin.get("/admin/reconciliation?date=" + today).json();

        assertThat(run.status()).isEqualTo(200);
        JsonNode report = run.json();
        assertThat(report.get("date").asText()).isEqualTo(today);
        assertThat(report.get("checked_tasks").asInt()).isGreaterThanOrEqualTo(5);
        List<JsonNode> mismatches = report.get("mismatches").findParents("kind");
        assertThat(mismatches).filteredOn(m -> m.get("request_id").asText().equals(requests.get("differs")))
                .singleElement().satisfies(m -> {
                    assertThat(m.get("kind").asText()).isEqualTo("units_differ");
                    assertThat(m.get("our_units").decimalValue()).isEqualByComparingTo("0.05");
                    assertThat(m.get("kling_units").decimalValue()).isEqualByComparingTo("0.07");
                });
        assertThat(mismatches).filteredOn(m -> m.get("request_id").asText().equals(requests.get("unbilled")))
                .singleElement().satisfies(m -> {
                    assertThat(m.get("kind").asText()).isEqualTo("not_billed");
                    assertThat(m.get("kling_units").isNull()).isTrue();
                });
        assertThat(mismatches).filteredOn(m -> m.get("task_id").asText().equals(unknownTask)).singleElement()
                .satisfies(m -> {
                    assertThat(m.get("kind").asText()).isEqualTo("unknown_task");
                    assertThat(m.get("request_id").isNull()).isTrue();
                });
        assertThat(mismatches).noneMatch(m -> m.get("request_id").asText().equals(requests.get("refunded"))
                || m.get("request_id").asText().equals(requests.get("matches")));
        assertThat(shown).isEqualTo(report);
    }

    @Test
    void refusesBadDaysAndHasNoReportForADayNeverRun() {
        assertThat(admin.get("/admin/reconciliation?date=2020-01-01").status()).isEqualTo(404);
        for (String query : List.of("", "?date=yesterday", "?date=2026-02-30",
                "?date=" + LocalDate.now(ZoneOffset.UTC).plusDays(2))) {
            ApiClient.Reply reply = query.contains("-") && !query.contains("-02-30")
                    ? admin.send("POST", "/admin/reconciliation" + query, null, null)
                    : admin.get("/admin/reconciliation" + query);
            assertThat(reply.status()).as(query).isEqualTo(400);
            assertThat(reply.json().at("/errors/0/field").asText()).isEqualTo("date");
        }
    }
}
