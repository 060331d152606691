package io.voicegate.local.bench;

import io.voicegate.local.LocalStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./voicegate bench cold}: the cold start of every function of the template, each against a bare handler
 * measured in the same run. A fresh JVM per run loads the function from its deployed jar as the Lambda runtime would
 * and handles one event from {@code events/} against the local engines (voicegate's DynamoDB engine and ElasticMQ
 * with the template's tables and queues, started once); the bare handler ({@link BareHandler}: one DynamoDB client,
 * one {@code GetItem}) runs the same way from its own shaded jar. Runs alternate, the bare one first in every other
 * pair, and the medians of the pairs are printed: init (handler built), init + first event, and the function's ratio
 * to the bare handler. Absolute times depend on the machine; the ratios much less.
 *
 * <p>With {@code --snapstart} each function's run stands for one restored from a SnapStart snapshot (its runtime hooks
 * run between init and the first event, {@link ColdStartRun}), and what is compared is what a caller waits for then:
 * the restored function's first event against the bare handler's first event after its init.
 */
public final class ColdStartBenchmark {

    private ColdStartBenchmark() {
    }

    @Command(name = "voicegate bench cold", mixinStandardHelpOptions = true,
            description = "Cold start of each function (init, init + first event) against a bare handler that "
                    + "builds one DynamoDB client and makes one GetItem, measured in the same run.")
    static final class Arguments {
        @Option(names = "--pairs", paramLabel = "N", description = "runs of each function and of the bare handler "
                + "(default 10; the medians are printed)")
        int pairs = 10;

        @Option(names = "--function", paramLabel = "LOGICAL_ID", description = "only this function (repeatable)")
        List<String> only = new ArrayList<>();

        @Option(names = "--template", paramLabel = "PATH", description = "default template.yaml")
        Path template = Path.of("template.yaml");

        @Option(names = "--snapstart", description = "each function as restored from a SnapStart snapshot: its "
                + "hooks run after init (beforeCheckpoint, then afterRestore), and its first event from the restore "
                + "is compared with the bare handler's first event")
        boolean snapStart;
    }

    public static void main(String[] args) throws Exception {
        Arguments arguments = new Arguments();
        if (!BenchArguments.parse("bench cold", arguments, args, () -> {
            if (arguments.pairs < 1) {
                throw new IllegalArgumentException("--pairs must be at least 1");
            }
        })) {
            return;
        }
        System.exit(run(arguments));
    }

    private static int run(Arguments arguments) throws IOException, InterruptedException {
        Path root = arguments.template.toAbsolutePath().getParent();
        Path bareJar = root.resolve("local/target/bare-handler.jar");
        ColdStartLauncher launcher = new ColdStartLauncher(root, arguments.template);
        List<ColdStartLauncher.Function> functions = launcher.functions(arguments.template).stream()
                .filter(f -> arguments.only.isEmpty() || arguments.only.contains(f.logicalId())).toList();
        for (Path jar : functions.stream().map(ColdStartLauncher.Function::jar).distinct().toList()) {
            if (!Files.exists(jar)) {
                System.err.println("voicegate bench cold: " + root.relativize(jar) + " is missing; build it with "
                        + "mvn -B -ntp -DskipTests package");
                return 1;
            }
        }
        System.out.printf("jars: %s%n", String.join(", ", functions.stream().map(ColdStartLauncher.Function::jar)
                .distinct().map(j -> root.relativize(j) + " " + megabytes(j)).toList()));
        System.out.printf("bare handler: %s %s (one DynamoDB client, one GetItem)%n", root.relativize(bareJar),
                megabytes(bareJar));
        Path eventless = ColdStartLauncher.withoutEvents(arguments.template);
        int failures = 0;
        try (LocalStack stack = LocalStack.start(LocalStack.Options.builder(eventless)
                .scheduleInterval(Duration.ofDays(1)).build());
             ColdStartEvents events = new ColdStartEvents(stack, root)) {
            System.out.printf("%d pairs per function, fresh JVM each%s (medians; ms)%n", arguments.pairs,
                    arguments.snapStart ? ", each function as restored from a SnapStart snapshot" : "");
            if (arguments.snapStart) {
                System.out.printf("%-18s %9s %12s %9s %7s  %s%n", "function", "priming", "restored 1st", "bare 1st",
                        "1st x", "answer");
            } else {
                System.out.printf("%-18s %9s %9s %9s %9s %7s %7s  %s%n", "function", "init", "bare", "init+1st",
                        "bare", "init x", "total x", "answer");
            }
            List<Double> ratios = new ArrayList<>();
            for (ColdStartLauncher.Function function : functions) {
                Optional<Result> result = measure(launcher, events, stack, function, bareJar, arguments);
                if (result.isEmpty()) {
                    failures++;
                    continue;
                }
                Result r = result.get();
                ratios.add(r.ratio());
                if (arguments.snapStart) {
                    System.out.printf(Locale.ROOT, "%-18s %9.0f %12.0f %9.0f %7.2f  %s%n", function.logicalId(),
                            r.init, r.total, r.bareTotal, r.ratio(), r.answer);
                } else {
                    System.out.printf(Locale.ROOT, "%-18s %9.0f %9.0f %9.0f %9.0f %7.2f %7.2f  %s%n",
                            function.logicalId(), r.init, r.bareInit, r.total, r.bareTotal, r.init / r.bareInit,
                            r.ratio(), r.answer);
                }
            }
            if (!ratios.isEmpty()) {
                System.out.printf(Locale.ROOT, "highest %s ratio: %.2f (goal <= 1.30)%n",
                        arguments.snapStart ? "restored first event" : "init + first event",
                        ratios.stream().mapToDouble(Double::doubleValue).max().orElse(0));
            }
        } finally {
            Files.deleteIfExists(eventless);
        }
        return failures == 0 ? 0 : 1;
    }

    /**
     * Medians of the pairs, in milliseconds, and the answer of the function's last run, shortened. Without a snapshot
     * {@code init} is the handler's init and {@code total} init + first event; as restored from a snapshot
     * {@code init} is the priming ({@code beforeCheckpoint}, paid when a version is published) and {@code total} the
     * restore hook and first event, against the bare handler's first event ({@code bareTotal}).
     */
    record Result(double init, double total, double bareInit, double bareTotal, String answer) {
        double ratio() {
            return total / bareTotal;
        }
    }

    private static Optional<Result> measure(ColdStartLauncher launcher, ColdStartEvents events, LocalStack stack,
                                            ColdStartLauncher.Function function, Path bareJar,
                                            Arguments arguments) throws IOException, InterruptedException {
        int pairs = arguments.pairs;
        boolean snapStart = arguments.snapStart;
        Map<String, String> environment = stack.environment(function.logicalId());
        double[] init = new double[pairs];
        double[] total = new double[pairs];
        double[] bareInit = new double[pairs];
        double[] bareTotal = new double[pairs];
        String answer = "";
        for (int i = 0; i < pairs; i++) {
            Optional<Path> event = events.next(function.logicalId());
            if (event.isEmpty()) {
                System.out.printf("%-18s no event for this function in the bench; skipped%n", function.logicalId());
                return Optional.empty();
            }
            ColdStartLauncher.Run bare = null;
            if (i % 2 == 1) {
                bare = launcher.run(bareJar, BareHandler.class.getName(), event.get(), environment, false);
            }
            ColdStartLauncher.Run run = launcher.run(function.jar(), function.handlerClass(), event.get(),
                    environment, snapStart);
            if (bare == null) {
                bare = launcher.run(bareJar, BareHandler.class.getName(), event.get(), environment, false);
            }
            Files.deleteIfExists(event.get());
            for (ColdStartLauncher.Run r : List.of(run, bare)) {
                if (!r.ok()) {
                    System.out.printf("%-18s run failed (exit %d):%n%s%n", function.logicalId(), r.exitCode(),
                            r.output().lines().limit(30).reduce("", (a, b) -> a + "    " + b + "\n"));
                    return Optional.empty();
                }
            }
            if (snapStart && i == 0) {
                // a priming that stopped early leaves a first event that is not as warm as it should be
                run.output().lines().filter(line -> line.contains("priming incomplete")).findFirst()
                        .ifPresent(line -> System.out.printf("%-18s %s%n", function.logicalId(), line.strip()));
            }
            init[i] = (snapStart ? run.checkpointNanos() : run.initNanos()) / 1e6;
            total[i] = (snapStart ? run.eventNanos() : run.coldNanos()) / 1e6;
            bareInit[i] = bare.initNanos() / 1e6;
            bareTotal[i] = (snapStart ? bare.eventNanos() : bare.coldNanos()) / 1e6;
            answer = run.answer().length() > 60 ? run.answer().substring(0, 60) + "…" : run.answer();
        }
        return Optional.of(new Result(median(init), median(total), median(bareInit), median(bareTotal), answer));
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static String megabytes(Path jar) {
        try {
            return String.format(Locale.ROOT, "%.1f MB", Files.size(jar) / 1_000_000.0);
        } catch (IOException e) {
            return "?";
        }
    }
}
