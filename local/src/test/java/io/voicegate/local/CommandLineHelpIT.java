package io.voicegate.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line as a user meets it: {@code ./voicegate --help} and every subcommand's {@code --help} answer
 * with their usage and exit 0, and a missing Java or Maven is one sentence, not a stack trace.
 */
class CommandLineHelpIT {

    private record Run(int exit, String out) {
    }

    private static Run run(List<String> command, Path directory, String path) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        if (path != null) {
            builder.environment().put("PATH", path);
        }
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        return new Run(process.exitValue(), out);
    }

    private static Run main(String mainClass, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dvoicegate.log.level=WARN", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return run(command, LocalStackExtension.root(), null);
    }

    @ParameterizedTest(name = "{0} {1} --help")
    @CsvSource({
            "io.voicegate.local.LocalStackMain, '', Usage: voicegate local",
            "io.voicegate.local.listen.WebhookListener, '', usage",
            "io.voicegate.local.bench.SubmitBenchmark, '', Usage",
            "io.voicegate.local.bench.ColdStartBenchmark, '', Usage: voicegate bench cold",
            "io.voicegate.local.bench.RequestLifeCalls, '', Usage: voicegate bench calls",
            "io.voicegate.local.bench.BurstBenchmark, '', Usage: voicegate bench burst",
            "io.voicegate.local.bench.LatencyBenchmark, '', Usage: voicegate bench latency",
            "io.voicegate.local.admin.AdminCli, '', Usage: voicegate admin",
            "io.voicegate.local.admin.AdminCli, account, Usage: voicegate admin account",
            "io.voicegate.local.admin.AdminCli, account create, Usage",
            "io.voicegate.local.admin.AdminCli, credit, Usage",
            "io.voicegate.local.admin.AdminCli, debit, Usage",
            "io.voicegate.local.admin.AdminCli, key, Usage",
            "io.voicegate.local.admin.AdminCli, suspend, Usage",
            "io.voicegate.local.admin.AdminCli, resume, Usage",
            "io.voicegate.local.admin.AdminCli, reconciliation, Usage"})
    void everySubcommandAnswersHelpWithItsUsageAndExitZero(String mainClass, String subcommand, String usage)
            throws Exception {
        List<String> args = new ArrayList<>(subcommand.isEmpty() ? List.of() : List.of(subcommand.split(" ")));
        args.add("--help");

        Run run = main(mainClass, args.toArray(String[]::new));

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).containsIgnoringCase(usage);
    }

    @Test
    void theScriptAnswersHelpWithExitZero() throws Exception {
        Run run = run(List.of("bash", "./voicegate", "--help"), LocalStackExtension.root(), null);

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("./voicegate local");
    }

    @Test
    void aMissingJavaOrMavenIsOneSentence() throws Exception {
        Path bin = Files.createTempDirectory("voicegate-path");
        Path copy = Files.createTempDirectory("voicegate-root");
        Files.copy(LocalStackExtension.root().resolve("voicegate"), copy.resolve("voicegate"));
        for (String tool : new String[] {"bash", "dirname", "sed"}) {
            Files.createSymbolicLink(bin.resolve(tool), whereIs(tool));
        }

        Run noJava = run(List.of(whereIs("bash").toString(), "./voicegate", "local"), copy, bin.toString());
        Files.createSymbolicLink(bin.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        Run noMaven = run(List.of(whereIs("bash").toString(), "./voicegate", "local"), copy, bin.toString());

        assertThat(noJava.exit()).isEqualTo(127);
        assertThat(noJava.out().strip()).startsWith("voicegate: Java 17 or newer is needed")
                .doesNotContain("\n").doesNotContain("Exception");
        assertThat(noMaven.exit()).isEqualTo(127);
        assertThat(noMaven.out().strip()).startsWith("voicegate: Maven 3.8 or newer is needed")
                .doesNotContain("\n");
    }

    private static Path whereIs(String tool) {
        for (String dir : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IllegalStateException(tool + " is not on the PATH");
    }
}
