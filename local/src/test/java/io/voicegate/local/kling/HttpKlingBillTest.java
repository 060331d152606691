package io.voicegate.local.kling;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.voicegate.adapter.kling.HttpKlingBill;
import io.voicegate.adapter.kling.HttpKlingClient;
import io.voicegate.adapter.kling.KlingCredentials;
import io.voicegate.domain.kling.CreateVoice;
import io.voicegate.domain.kling.KlingException;
import io.voicegate.domain.reconciliation.BilledTask;
import io.voicegate.port.KlingBill;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Kling's unit-deduction bill, read by {@link HttpKlingBill} from the simulator and its faults. */
class HttpKlingBillTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private KlingSimulator kling;
    private HttpKlingClient client;
    private HttpKlingBill bill;

    @BeforeEach
    void start() {
        kling = KlingSimulator.builder().accessKey("ak-test", "sk-test").manualLifecycle().start();
        KlingCredentials credentials = KlingCredentials.accessKey("ak-test", "sk-test", Clock.systemUTC());
        client = new HttpKlingClient(kling.baseUrl(), credentials, TIMEOUT, TIMEOUT);
        bill = new HttpKlingBill(kling.baseUrl(), credentials, TIMEOUT, TIMEOUT);
    }

    @AfterEach
    void stop() {
        kling.close();
    }

    private String finished(String externalId, String voiceName) {
        String taskId = client.createVoice(new CreateVoice(voiceName, Optional.of("https://cdn.example/voice.mp3"),
                Optional.empty(), "https://gw.example/cb/" + externalId, externalId)).taskId();
        kling.advance(taskId);
        kling.advance(taskId);
        return taskId;
    }

    private List<BilledTask> today() {
        Instant now = Instant.now();
        List<BilledTask> lines = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            KlingBill.BillPage page = bill.page(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)),
                    cursor);
            lines.addAll(page.lines());
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        return lines;
    }

    @Test
    void billsEachEndedTaskItsUnitsAndNothingForUnfinishedOrFreeTasks() {
        String done = finished("req-1", "Narrator");
        kling.faults().failTask("Failing", "content policy");
        finished("req-2", "Failing");
        client.createVoice(new CreateVoice("Pending", Optional.of("https://cdn.example/voice.mp3"), Optional.empty(),
                "https://gw.example/cb/req-3", "req-3"));

        assertThat(today()).extracting(BilledTask::taskId, BilledTask::units)
                .containsExactly(tuple(done, new BigDecimal("0.05")));
    }

    @Test
    void theBillFaultsMakeItDisagree() {
        String differs = finished("req-1", "Differs");
        finished("req-2", "Unbilled");
        kling.faults().billUnits("Differs", "0.07");
        kling.faults().leaveOffBill("Unbilled");
        kling.faults().billUnknownTask("990000000000000001", "0.05");

        assertThat(today()).extracting(BilledTask::taskId, BilledTask::units).containsExactlyInAnyOrder(
                tuple(differs, new BigDecimal("0.07")), tuple("990000000000000001", new BigDecimal("0.05")));
    }

    @Test
    void pagesWithACursorThatOverridesTheTimesAndRefusesAnOversizedLimit() throws Exception {
        finished("req-1", "A");
        finished("req-2", "B");
        RawKling raw = new RawKling(kling.baseUrl(), Optional.of("Bearer " + JWT.create().withIssuer("ak-test")
                .withNotBefore(Date.from(Instant.now().minusSeconds(5)))
                .withExpiresAt(Date.from(Instant.now().plusSeconds(600))).sign(Algorithm.HMAC256("sk-test"))));
        long now = System.currentTimeMillis();

        RawKling.Reply first = raw.post("/account/billing/package", "{\"start_time\":" + (now - 60_000)
                + ",\"end_time\":" + (now + 60_000) + ",\"limit\":1}");
        RawKling.Reply second = raw.post("/account/billing/package", "{\"cursor\":\""
                + first.json().at("/data/next_cursor").asText() + "\",\"start_time\":0,\"end_time\":1}");
        RawKling.Reply tooMany = raw.post("/account/billing/package", "{\"start_time\":0,\"end_time\":1,"
                + "\"limit\":501}");

        assertThat(first.json().at("/data/result/detail")).hasSize(1);
        assertThat(first.json().at("/data/has_more").asBoolean()).isTrue();
        assertThat(second.json().at("/data/result/detail")).hasSize(1);
        assertThat(second.json().at("/data/has_more").asBoolean()).isFalse();
        assertThat(second.json().at("/data/result/detail/0/task_id").asText())
                .isNotEqualTo(first.json().at("/data/result/detail/0/task_id").asText());
        assertThat(tooMany.code()).isEqualTo(1201);
    }

    @Test
    void aRefusedCallIsTheClientsKlingException() {
        kling.faults().failRequests(SimulatorFaults.ANY, 1, 429, 1102, "resource pack exhausted");

        assertThatThrownBy(this::today).isInstanceOf(KlingException.class);
    }
}
