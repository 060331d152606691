package io.voicegate.reconcile;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import io.voicegate.app.Gateway;
import io.voicegate.domain.reconciliation.BilledTask;
import io.voicegate.domain.reconciliation.Mismatch;
import io.voicegate.port.Metrics;
import org.junit.jupiter.params.ParameterizedTest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The daily reconciliation's handler fed {@code events/schedule/kling-bill.json}, against a scripted bill. */
class KlingBillHandlerTest {

    private final Gateway gateway = new Gateway();

    @ParameterizedTest
    @Event(value = "../events/schedule/kling-bill.json", type = ScheduledEvent.class)
    void theRunReconcilesThePreviousUtcDayAndKeepsItsReport(ScheduledEvent event) {
        LocalDate yesterday = LocalDate.ofInstant(gateway.clock.instant(), ZoneOffset.UTC).minusDays(1);
        gateway.bill.add(new BilledTask("t-unknown", new BigDecimal("0.05"),
                yesterday.atTime(12, 0).toInstant(ZoneOffset.UTC)));
        KlingBillHandler handler = new KlingBillHandler(gateway.reconcileKlingBill(), Metrics.NONE);

        String summary = handler.handleRequest(event, null);

        assertThat(summary).isEqualTo(yesterday + ": 1 tasks checked, 1 mismatches");
        assertThat(gateway.reports.find(yesterday).orElseThrow().mismatches()).extracting(Mismatch::kind)
                .containsExactly(Mismatch.Kind.UNKNOWN_TASK);
    }
}
