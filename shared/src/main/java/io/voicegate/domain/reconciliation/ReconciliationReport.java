package io.voicegate.domain.reconciliation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The latest run of the reconciliation of one UTC day: how many tasks were checked (ours and Kling's, by task id),
 * what did not match, and when it ran. A later run of the same day replaces it.
 */
public record ReconciliationReport(LocalDate date, int checkedTasks, List<Mismatch> mismatches, Instant ranAt) {

    public ReconciliationReport {
        mismatches = List.copyOf(mismatches);
    }
}
