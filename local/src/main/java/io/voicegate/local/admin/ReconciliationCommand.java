package io.voicegate.local.admin;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.LocalDate;
import java.time.ZoneOffset;

/** {@code reconciliation [--date YYYY-MM-DD] [--run]}: the day's match of our ledger against Kling's bill. */
@Command(name = "reconciliation", mixinStandardHelpOptions = true,
        description = "Show (or, with --run, run now and show) the reconciliation of a UTC day against Kling's bill.")
final class ReconciliationCommand extends AdminCall {

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "the UTC day (default: yesterday, UTC)")
    LocalDate date;

    @Option(names = "--run", description = "reconcile now (the schedule does it daily for the previous day)")
    boolean run;

    @Override
    public Integer call() {
        LocalDate day = date != null ? date : LocalDate.now(ZoneOffset.UTC).minusDays(1);
        return call(run ? "POST" : "GET", "/admin/reconciliation?date=" + day, null, json -> {
            StringBuilder text = new StringBuilder(json.path("date").asText() + ": "
                    + json.path("checked_tasks").asInt() + " tasks checked, " + json.path("mismatches").size()
                    + " mismatches");
            json.path("mismatches").forEach(m -> text.append("\n  ").append(m.path("kind").asText()).append("  task ")
                    .append(m.path("task_id").asText()).append("  request ").append(m.path("request_id").asText("-"))
                    .append("  ours ").append(m.path("our_units").asText("-")).append("  kling ")
                    .append(m.path("kling_units").asText("-")));
            return text.toString();
        });
    }
}
