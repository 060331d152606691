package io.voicegate.app;

import io.voicegate.domain.AccountProfile;
import io.voicegate.domain.ValidationException;
import io.voicegate.domain.reconciliation.BillMatching;
import io.voicegate.domain.reconciliation.BilledTask;
import io.voicegate.domain.reconciliation.OurCharge;
import io.voicegate.domain.reconciliation.ReconciliationReport;
import io.voicegate.port.AccountDirectory;
import io.voicegate.port.ChargeRecords;
import io.voicegate.port.KlingBill;
import io.voicegate.port.Metrics;
import io.voicegate.port.ReconciliationReports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reconciliation against Kling's own bill, for one UTC day: reads Kling's per-task unit deductions and our requests,
 * matches them by Kling task id ({@link BillMatching}), logs each mismatch as one {@code reconciliation_mismatch} line
 * (a metric and an alarm count them) and keeps the report as the day's latest. Runs daily for the previous day, and on
 * demand.
 */
public class ReconcileKlingBill {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileKlingBill.class);
    /** How far apart a request's creation and its Kling task's creation may be (dispatch normally takes seconds). */
    static final Duration MARGIN = Duration.ofHours(1);
    private static final int ACCOUNT_PAGE = 100;

    private final KlingBill bill;
    private final AccountDirectory accounts;
    private final ChargeRecords charges;
    private final ReconciliationReports reports;
    private final Clock clock;
    private final Metrics metrics;

    /** @param metrics counts each mismatch found, by its kind */
    public ReconcileKlingBill(KlingBill bill, AccountDirectory accounts, ChargeRecords charges,
                              ReconciliationReports reports, Clock clock, Metrics metrics) {
        this.metrics = metrics;
        this.bill = bill;
        this.accounts = accounts;
        this.charges = charges;
        this.reports = reports;
        this.clock = clock;
    }

    /** The previous UTC day: what the daily schedule reconciles. */
    public LocalDate yesterday() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(1);
    }

    /**
     * Reconciles one day and keeps the report.
     *
     * @throws ValidationException naming {@code date} when the day has not begun yet
     * @throws io.voicegate.domain.kling.KlingException Kling's bill could not be read (no report is kept)
     */
    public ReconciliationReport run(LocalDate date) {
        Instant now = clock.instant();
        Instant dayStart = date.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant dayEnd = dayStart.plus(Duration.ofDays(1));
        if (dayStart.isAfter(now)) {
            throw ValidationException.of("date", "must be today or earlier (UTC)");
        }
        List<BilledTask> day = lines(dayStart, dayEnd);
        List<BilledTask> all = new ArrayList<>(lines(dayStart.minus(MARGIN), dayStart));
        all.addAll(day);
        all.addAll(lines(dayEnd, dayEnd.plus(MARGIN)));
        Set<String> billedDay = new HashSet<>();
        day.forEach(line -> billedDay.add(line.taskId()));
        BillMatching.Result result = BillMatching.match(dayStart, dayEnd,
                ours(dayStart.minus(MARGIN), dayEnd.plus(MARGIN)), all, billedDay);
        ReconciliationReport report = new ReconciliationReport(date, result.checkedTasks(), result.mismatches(),
                now);
        result.mismatches().forEach(m -> LOG.warn(
                "reconciliation_mismatch date={} kind={} task_id={} request_id={} our_units={} kling_units={}",
                date, m.kind().wireName(), m.taskId(), m.requestId().orElse("-"),
                m.ourUnits().map(u -> u.toPlainString()).orElse("-"),
                m.klingUnits().map(u -> u.toPlainString()).orElse("-")));
        LOG.info("reconciliation of {}: {} tasks checked, {} mismatches", date, result.checkedTasks(),
                result.mismatches().size());
        reports.save(report);
        result.mismatches().forEach(m -> metrics.reconciliationMismatch(m.kind().wireName()));
        return report;
    }

    /** The day's latest report, if it was reconciled. */
    public Optional<ReconciliationReport> report(LocalDate date) {
        return reports.find(date);
    }

    private List<BilledTask> lines(Instant from, Instant to) {
        List<BilledTask> lines = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            KlingBill.BillPage page = bill.page(from, to, cursor);
            lines.addAll(page.lines());
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        return lines;
    }

    private List<OurCharge> ours(Instant from, Instant to) {
        List<OurCharge> ours = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            AccountDirectory.AccountPage page = accounts.list(ACCOUNT_PAGE, cursor);
            for (AccountProfile account : page.accounts()) {
                ours.addAll(charges.createdBetween(account.accountId(), from, to));
            }
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        return ours;
    }
}
