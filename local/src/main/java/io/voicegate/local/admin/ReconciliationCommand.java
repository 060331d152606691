package io.voicegate.local.admin;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.ZoneOffset;

/** {@code reconciliation [--date YYYY-MM-DD] [--run]}: the day's match of our ledger against Kling's bill. */
@Command(name = "reconciliation", mixinStandardHelpOptions = true,
        description = "Show (or, with --run, run now and show) the reconciliation of a UTC day against Kling's bill.")
final class ReconciliationCommand extends AdminCall {

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", converter = DayConverter.class,
            description = "the UTC day (default: yesterday, UTC)")
    LocalDate date;

    /** A calendar day, said plainly when it is not one (no parser's class name in the message). */
    static final class DayConverter implements CommandLine.ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String text) {
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("must be a calendar day as YYYY-MM-DD, got " + text);
            }
        }
    }

    @Option(names = "--run", description = "reconcile now (the schedule does it daily for the previous day)")
    boolean run;

    @Override
    public Integer call() {
        LocalDate day = date != null ? date : LocalDate.now(ZoneOffset.UTC).minusDays(1);
        return call(run ? "POST" : "GET", "/admin/reconciliation?date=" + day, null, json -> {
            StringBuilder text = new StringBuilder(json.path("date").asText() + ": "
                    + count(json.path("checked_tasks").asInt(), "task") + " checked, "
                    + count(json.path("mismatches").size(), "mismatch"));
            json.path("mismatches").forEach(m -> text.append("\n  ").append(m.path("kind").asText()).append("  task ")
                    .append(m.path("task_id").asText()).append("  request ").append(m.path("request_id").asText("-"))
                    .append("  ours ").append(m.path("our_units").asText("-")).append("  kling ")
                    .append(m.path("kling_units").asText("-")));
            return text.toString();
        });
    }

    private static String count(int n, String noun) {
        return n + " " + (n == 1 ? noun : noun.endsWith("ch") ? noun + "es" : noun + "s");
    }
}
