package io.voicegate.app;

import io.voicegate.domain.AccountProfile;
import io.voicegate.domain.Money;
import io.voicegate.domain.ValidationException;
import io.voicegate.domain.reconciliation.BilledTask;
import io.voicegate.domain.reconciliation.Mismatch;
import io.voicegate.domain.reconciliation.OurCharge;
import io.voicegate.domain.reconciliation.ReconciliationReport;
import io.voicegate.port.AccountDirectory;
import io.voicegate.port.KlingBill;
import io.voicegate.port.ReconciliationReports;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class ReconcileKlingBillTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-29");
    private static final Instant NOON = Instant.parse("2026-11-29T12:00:00Z");

    private final List<BilledTask> bill = new ArrayList<>();
    private final List<KlingBillCall> calls = new ArrayList<>();
    private final Map<String, List<OurCharge>> charges = new HashMap<>();
    private final Map<LocalDate, ReconciliationReport> reports = new HashMap<>();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final ReconcileKlingBill reconcile = new ReconcileKlingBill(pagedBill(), directory(),
            (account, from, to) -> charges.getOrDefault(account, List.of()).stream()
                    .filter(c -> !c.createdAt().isBefore(from) && c.createdAt().isBefore(to)).toList(),
            store(), Clock.fixed(Instant.parse("2026-11-30T01:30:00Z"), ZoneOffset.UTC), metrics);

    private record KlingBillCall(Instant from, Instant to, Optional<String> cursor) {
    }

    /** Kling's bill, one line a page, filtered on the line's time as Kling filters on the task's creation. */
    private KlingBill pagedBill() {
        return (from, to, cursor) -> {
            calls.add(new KlingBillCall(from, to, cursor));
            List<BilledTask> window = bill.stream()
                    .filter(b -> !b.deductedAt().isBefore(from) && b.deductedAt().isBefore(to)).toList();
            int index = cursor.map(Integer::parseInt).orElse(0);
            if (index >= window.size()) {
                return new KlingBill.BillPage(List.of(), Optional.empty());
            }
            return new KlingBill.BillPage(List.of(window.get(index)),
                    index + 1 < window.size() ? Optional.of(Integer.toString(index + 1)) : Optional.empty());
        };
    }

    private AccountDirectory directory() {
        return new AccountDirectory() {
            @Override
            public Optional<AccountProfile> profile(String accountId) {
                return Optional.empty();
            }

            @Override
            public AccountPage list(int limit, Optional<String> cursor) {
                return new AccountPage(charges.keySet().stream().sorted().map(id -> new AccountProfile(id,
                        Money.ZERO, Optional.empty(), Optional.empty(), NOON)).toList(), Optional.empty());
            }

            @Override
            public Optional<AccountProfile> suspend(String accountId, String reason, Instant now) {
                return Optional.empty();
            }

            @Override
            public Optional<AccountProfile> resume(String accountId) {
                return Optional.empty();
            }
        };
    }

    private ReconciliationReports store() {
        return new ReconciliationReports() {
            @Override
            public void save(ReconciliationReport report) {
                reports.put(report.date(), report);
            }

            @Override
            public Optional<ReconciliationReport> find(LocalDate date) {
                return Optional.ofNullable(reports.get(date));
            }
        };
    }

    private static OurCharge settled(String request, String task) {
        return new OurCharge(request, task, NOON, OurCharge.State.SETTLED, Optional.of(new BigDecimal("0.05")));
    }

    @Test
    void readsEveryPageOfTheBillAndKeepsTheDaysReport() {
        charges.put("a", List.of(settled("r1", "t1"), settled("r2", "t2")));
        charges.put("b", List.of(settled("r3", "t3")));
        bill.add(new BilledTask("t1", new BigDecimal("0.05"), NOON));
        bill.add(new BilledTask("t2", new BigDecimal("0.15"), NOON.plusSeconds(1)));
        bill.add(new BilledTask("t7", new BigDecimal("0.05"), NOON.plusSeconds(2)));

        ReconciliationReport report = reconcile.run(reconcile.yesterday());

        assertThat(report.date()).isEqualTo(DAY);
        assertThat(report.checkedTasks()).isEqualTo(4);
        assertThat(report.mismatches()).extracting(Mismatch::kind, Mismatch::taskId).containsExactly(
                tuple(Mismatch.Kind.UNITS_DIFFER, "t2"),
                tuple(Mismatch.Kind.UNKNOWN_TASK, "t7"),
                tuple(Mismatch.Kind.NOT_BILLED, "t3"));
        assertThat(reconcile.report(DAY)).contains(report);
        assertThat(calls).filteredOn(c -> c.cursor().isPresent()).hasSize(2);
        assertThat(metrics.events()).containsExactly("reconciliationMismatch units_differ",
                "reconciliationMismatch unknown_task", "reconciliationMismatch not_billed");
    }

    @Test
    void aDayThatHasNotBegunIsRefusedAndNothingIsKept() {
        assertThatThrownBy(() -> reconcile.run(LocalDate.parse("2026-12-01")))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("date"));
        assertThat(reports).isEmpty();
        assertThat(calls).isEmpty();
    }

    @Test
    void aLaterRunReplacesTheDaysReport() {
        charges.put("a", List.of(settled("r1", "t1")));
        reconcile.run(DAY);
        bill.add(new BilledTask("t1", new BigDecimal("0.05"), NOON));

        reconcile.run(DAY);

        assertThat(reconcile.report(DAY).orElseThrow().mismatches()).isEmpty();
    }
}
