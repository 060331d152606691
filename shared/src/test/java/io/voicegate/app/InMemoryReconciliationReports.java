package io.voicegate.app;

import io.voicegate.domain.reconciliation.ReconciliationReport;
import io.voicegate.port.ReconciliationReports;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link ReconciliationReports} in memory: the latest report of each day. */
public final class InMemoryReconciliationReports implements ReconciliationReports {

    private final Map<LocalDate, ReconciliationReport> reports = new HashMap<>();

    @Override
    public synchronized void save(ReconciliationReport report) {
        reports.put(report.date(), report);
    }

    @Override
    public synchronized Optional<ReconciliationReport> find(LocalDate date) {
        return Optional.ofNullable(reports.get(date));
    }
}
