package io.voicegate.local.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.json.Json;
import io.voicegate.local.LocalStack;
import io.voicegate.local.LocalStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./voicegate admin}, run in-process against the local stack with its admin token. */
@ExtendWith(LocalStackExtension.class)
class AdminCliIT {

    private final LocalStack stack = LocalStackExtension.stack();

    private record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return Json.mapper().readTree(out);
        }
    }

    private Run admin(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", stack.baseUrl().toString(), "--admin-token", stack.adminToken()));
        return raw(all.toArray(String[]::new));
    }

    private static Run raw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = AdminCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void theOperatorsWalkThrough() throws Exception {
        String id = "cli-" + UUID.randomUUID();

        Run created = admin("account", "create", "--id", id, "--balance", "5.00", "--json");
        Run credit = admin("credit", id, "--amount", "25.00", "--reference", "pay-1", "--note", "card");
        Run again = admin("credit", id, "--amount", "25.00", "--reference", "pay-1");
        Run second = admin("key", "create", id, "--json");
        Run revoke = admin("key", "revoke", id, created.json().get("key_id").asText());
        Run keys = admin("key", "list", id, "--json");
        Run suspend = admin("suspend", id, "--reason", "chargeback");
        Run resume = admin("resume", id);
        Run show = admin("account", "show", id, "--json");
        Run reconciliation = admin("reconciliation", "--run", "--date", LocalDate.now(ZoneOffset.UTC).toString());

        assertThat(List.of(created, credit, again, second, revoke, keys, suspend, resume, show, reconciliation))
                .allSatisfy(run -> assertThat(run.exit()).as(run.err()).isZero());
        assertThat(created.json().get("api_key").asText()).startsWith("vg_");
        assertThat(credit.out()).contains("credit#pay-1").contains("25.00").contains("(posted)");
        assertThat(again.out()).contains("already posted");
        assertThat(keys.json().get("keys")).singleElement().satisfies(k -> assertThat(k.get("key_id").asText())
                .isEqualTo(second.json().get("key_id").asText()));
        assertThat(suspend.out()).contains("suspended (chargeback)");
        assertThat(resume.out()).contains("active");
        assertThat(show.json().get("balance_micros").asLong()).isEqualTo(30_000_000);
        assertThat(reconciliation.out()).contains("tasks checked");
    }

    @Test
    void exitCodesSayDoneRefusedOrUsage() {
        String id = "cli-" + UUID.randomUUID();
        admin("account", "create", "--id", id, "--balance", "1");

        Run reused = admin("credit", id, "--amount", "2", "--reference", "r-1");
        Run refused = admin("credit", id, "--amount", "3", "--reference", "r-1");
        Run tooPrecise = admin("credit", id, "--amount", "0.0000001", "--reference", "r-2");
        Run notAmount = admin("debit", id, "--amount", "ten", "--reference", "r-3");
        Run unknown = admin("refund", id);
        Run wrongToken = raw("account", "list", "--url", stack.baseUrl().toString(), "--admin-token",
                "not-the-admin-token");
        Run help = raw("credit", "--help");
        Run exponent = admin("credit", id, "--amount", "1e3", "--reference", "r-4");
        Run notADay = admin("reconciliation", "--date", "2026-02-30");
        Run invalid = admin("account", "create", "--id", "has space", "--balance", "1");

        assertThat(reused.exit()).isZero();
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("409").contains("another amount");
        assertThat(tooPrecise.exit()).isEqualTo(2);
        assertThat(notAmount.exit()).isEqualTo(2);
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(wrongToken.exit()).isEqualTo(1);
        assertThat(wrongToken.err()).contains("403").doesNotContain("not-the-admin-token");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--reference").contains("--amount");
        assertThat(exponent.exit()).as("no exponent: 1e3 is not read as 1000 USD").isEqualTo(2);
        assertThat(notADay.exit()).isEqualTo(2);
        assertThat(notADay.err()).contains("YYYY-MM-DD").doesNotContain("java.");
        assertThat(invalid.exit()).isEqualTo(1);
        assertThat(invalid.err().lines().filter(line -> line.contains("account_id"))).as(invalid.err()).hasSize(1);
    }
}
