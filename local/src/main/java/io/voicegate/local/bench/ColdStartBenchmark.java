package io.voicegate.local.bench;

import io.voicegate.config.Wiring;
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
import java.util.function.ToLongFunction;

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
                    + "builds one DynamoDB client and makes one GetItem, measured in the same run; with --snapstart, "
                    + "the first event of each as restored from a SnapStart snapshot, against the bare handler's.")
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
        List<ColdStartLauncher.Function> all = launcher.functions(arguments.template);
        List<String> unknown = arguments.only.stream()
                .filter(id -> all.stream().noneMatch(f -> f.logicalId().equals(id))).toList();
        if (!unknown.isEmpty()) {
            System.err.println("voicegate bench cold: no function " + String.join(", ", unknown) + " in "
                    + arguments.template + " (its functions: " + String.join(", ",
                    all.stream().map(ColdStartLauncher.Function::logicalId).toList()) + ")");
            return 2;
        }
        List<ColdStartLauncher.Function> functions = all.stream()
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
                r.primingIncomplete().ifPresent(line -> System.out.printf("%-18s %s%n", function.logicalId(), line));
                if (r.primingIncomplete().isPresent()) {
                    failures++;
                }
                ratios.add(r.ratio(arguments.snapStart));
                Medians f = r.function();
                Medians b = r.bare();
                if (arguments.snapStart) {
                    System.out.printf(Locale.ROOT, "%-18s %9.0f %12.0f %9.0f %7.2f  %s%n", function.logicalId(),
                            f.priming(), f.firstEvent(), b.firstEvent(), r.ratio(true), r.answer());
                } else {
                    System.out.printf(Locale.ROOT, "%-18s %9.0f %9.0f %9.0f %9.0f %7.2f %7.2f  %s%n",
                            function.logicalId(), f.init(), b.init(), f.initAndFirstEvent(), b.initAndFirstEvent(),
                            f.init() / b.init(), r.ratio(false), r.answer());
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
     * The medians of one handler's runs, in milliseconds: its init, its SnapStart priming ({@code beforeCheckpoint},
     * paid once when a version is published; 0 without {@code --snapstart}), its first event (from the end of init,
     * or from the restore), and init + first event (what a caller waits for without a snapshot).
     */
    record Medians(double init, double priming, double firstEvent, double initAndFirstEvent) {

        static Medians of(List<ColdStartLauncher.Run> runs) {
            return new Medians(median(runs, ColdStartLauncher.Run::initNanos),
                    median(runs, ColdStartLauncher.Run::checkpointNanos),
                    median(runs, ColdStartLauncher.Run::eventNanos), median(runs, ColdStartLauncher.Run::coldNanos));
        }

        private static double median(List<ColdStartLauncher.Run> runs, ToLongFunction<ColdStartLauncher.Run> nanos) {
            return ColdStartBenchmark.median(runs.stream().mapToDouble(r -> nanos.applyAsLong(r) / 1e6).toArray());
        }
    }

    /**
     * A function's medians against the bare handler's, the answer of its last run (shortened), and the first line a
     * run logged about a priming step that failed, if any did.
     */
    record Result(Medians function, Medians bare, String answer, Optional<String> primingIncomplete) {

        /** The ratio the goal is about: init + first event; as restored from a snapshot, the first event. */
        double ratio(boolean snapStart) {
            return snapStart ? function.firstEvent() / bare.firstEvent()
                    : function.initAndFirstEvent() / bare.initAndFirstEvent();
        }
    }

    /**
     * The line of a run's output that says a priming step failed ({@link Wiring#PRIMING_INCOMPLETE}): then the first
     * event measured is not as warm as it would be in AWS, and the figures do not stand.
     */
    static Optional<String> primingIncomplete(String output) {
        return output.lines().filter(line -> line.contains(Wiring.PRIMING_INCOMPLETE)).map(String::strip).findFirst();
    }

    private static Optional<Result> measure(ColdStartLauncher launcher, ColdStartEvents events, LocalStack stack,
                                            ColdStartLauncher.Function function, Path bareJar,
                                            Arguments arguments) throws IOException, InterruptedException {
        boolean snapStart = arguments.snapStart;
        Map<String, String> environment = stack.environment(function.logicalId());
        List<ColdStartLauncher.Run> runs = new ArrayList<>();
        List<ColdStartLauncher.Run> bares = new ArrayList<>();
        Optional<String> primingIncomplete = Optional.empty();
        String answer = "";
        for (int i = 0; i < arguments.pairs; i++) {
            Optional<Path> event = events.next(function.logicalId());
            if (event.isEmpty()) {
                System.out.printf("%-18s no event for this function in the bench; skipped%n", function.logicalId());
                return Optional.empty();
            }
            ColdStartLauncher.Run bare = null;
            if (i % 2 == 1) {
                bare = launcher.run(bareJar, BareHandler.class.getName(), event.get(), environment, snapStart);
            }
            ColdStartLauncher.Run run = launcher.run(function.jar(), function.handlerClass(), event.get(),
                    environment, snapStart);
            if (bare == null) {
                bare = launcher.run(bareJar, BareHandler.class.getName(), event.get(), environment, snapStart);
            }
            Files.deleteIfExists(event.get());
            for (ColdStartLauncher.Run r : List.of(run, bare)) {
                if (!r.ok()) {
                    System.out.printf("%-18s run failed (exit %d):%n%s%n", function.logicalId(), r.exitCode(),
                            r.output().lines().limit(30).reduce("", (a, b) -> a + "    " + b + "\n"));
                    return Optional.empty();
                }
            }
            primingIncomplete = primingIncomplete.or(() -> primingIncomplete(run.output()));
            runs.add(run);
            bares.add(bare);
            answer = run.answer().length() > 60 ? run.answer().substring(0, 60) + "…" : run.answer();
        }
        return Optional.of(new Result(Medians.of(runs), Medians.of(bares), answer, primingIncomplete));
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
