package io.voicegate.port;

import io.voicegate.domain.reconciliation.Mismatch;
import io.voicegate.domain.reconciliation.ReconciliationReport;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link ReconciliationReports} must do: keep each day's latest report. Fake and DynamoDB adapter. */
public abstract class ReconciliationReportsContract {

    protected abstract Storage storage();

    @Test
    void aDaysLatestReportReplacesTheEarlierOne() {
        LocalDate day = LocalDate.parse("2026-11-29");
        ReconciliationReport first = new ReconciliationReport(day, 3, List.of(), Instant.parse(
                "2026-11-30T01:30:00Z"));
        ReconciliationReport later = new ReconciliationReport(day, 4, List.of(
                new Mismatch(Mismatch.Kind.UNITS_DIFFER, "t-1", Optional.of("r-1"), Optional.of(
                        new BigDecimal("0.05")), Optional.of(new BigDecimal("0.10"))),
                new Mismatch(Mismatch.Kind.UNKNOWN_TASK, "t-2", Optional.empty(), Optional.empty(),
                        Optional.of(new BigDecimal("0.05")))), Instant.parse("2026-11-30T09:00:00Z"));

        storage().reports().save(first);
        storage().reports().save(later);

        assertThat(storage().reports().find(day)).contains(later);
        assertThat(storage().reports().find(day.minusDays(1))).isEmpty();
    }
}
