package io.voicegate.port;

import io.voicegate.domain.reconciliation.ReconciliationReport;

import java.time.LocalDate;
import java.util.Optional;

/** The latest reconciliation report of each day. */
public interface ReconciliationReports {

    /** Keeps the report as the day's latest, replacing an earlier run's. */
    void save(ReconciliationReport report);

    Optional<ReconciliationReport> find(LocalDate date);
}
