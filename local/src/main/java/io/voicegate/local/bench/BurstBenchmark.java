package io.voicegate.local.bench;

import io.voicegate.adapter.dynamodb.DynamoRequestStore;
import io.voicegate.config.Config;
import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.Money;
import io.voicegate.domain.RequestStatus;
import io.voicegate.local.LocalStack;
import io.voicegate.local.kling.KlingSimulator;
import io.voicegate.port.RequestStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code ./voicegate bench burst N}: N requests submitted at once through the local stack against the built-in Kling
 * simulator, which lets {@code --limit} tasks run at once (answering 1303 beyond, as Kling does) and ends each
 * {@code --task-ms} after its create; the gateway is configured to the same limit ({@code KLING_MAX_TASKS}). Prints
 * the drain time (first submit to last request terminal), the ideal N × task time ÷ limit, {@code utilisation} =
 * ideal ÷ drain (1.0 = Kling busy at its limit all along), the 1303 answers per request and the failed requests, and
 * exits (status 1 if any request failed). The scheduled functions are left off (the sweeper acts on requests open
 * for minutes, the reconciliation on yesterday): a burst drains on dispatch, callbacks and the re-query checks alone.
 */
public final class BurstBenchmark {

    private static final Duration POLL = Duration.ofMillis(100);

    private BurstBenchmark() {
    }

    @Command(name = "voicegate bench burst", mixinStandardHelpOptions = true,
            description = "Drain time of a burst against a Kling with a concurrency limit, against the ideal.")
    static final class Arguments {
        @Parameters(index = "0", arity = "0..1", paramLabel = "N", description = "requests (default 1000)")
        int requests = 1_000;

        @Option(names = "--limit", paramLabel = "TASKS",
                description = "Kling's concurrency, and the gateway's KLING_MAX_TASKS (default 25)")
        int limit = 25;

        @Option(names = "--task-ms", paramLabel = "MS", description = "Kling's task time (default 2000)")
        int taskMs = 2_000;

        @Option(names = "--threads", paramLabel = "N", description = "client threads submitting (default 8)")
        int threads = 8;

        @Option(names = "--template", paramLabel = "PATH", description = "default template.yaml")
        Path template = Path.of("template.yaml");
    }

    public static void main(String[] args) throws Exception {
        Arguments a = new Arguments();
        if (!BenchArguments.parse("bench burst", a, args, () -> {
            if (a.requests < 1 || a.limit < 1 || a.taskMs < 1 || a.threads < 1) {
                throw new IllegalArgumentException("N, --limit, --task-ms and --threads must be positive");
            }
        })) {
            return;
        }
        int failed;
        try (LocalStack stack = LocalStack.start(LocalStack.Options.builder(a.template)
                .scheduleInterval(Duration.ofDays(1))
                .overrides(Map.of(Config.KLING_MAX_TASKS, Integer.toString(a.limit)))
                .simulator(new LocalStack.SimulatorSettings(Duration.ofMillis(a.taskMs), a.limit)).build())) {
            failed = run(stack, a);
        }
        System.exit(failed == 0 ? 0 : 1);
    }

    private static int run(LocalStack stack, Arguments a) throws Exception {
        KlingSimulator kling = stack.simulator().orElseThrow();
        String key = ApiKeys.generate(new SecureRandom());
        stack.openAccount("burst", key, Money.ofUsd("1000000"), List.of());
        RequestStore requests = new DynamoRequestStore(stack.dynamo(), stack.ref("RequestsTable"),
                stack.ref("AccountsTable"));
        // warm up: the JIT and every stage, with one round of the limit's requests
        submitAll(stack.baseUrl(), key, "warm", a.limit, a.threads);
        drain(requests, kling);
        int refusalsBefore = kling.concurrencyRefusals();

        long start = System.nanoTime();
        submitAll(stack.baseUrl(), key, "burst", a.requests, a.threads);
        double submitSeconds = (System.nanoTime() - start) / 1e9;
        Drain drain = drain(requests, kling);
        double drainSeconds = (drain.endNanos() - start) / 1e9;

        double ideal = (double) a.requests * a.taskMs / 1000.0 / a.limit;
        int refusals = kling.concurrencyRefusals() - refusalsBefore;
        int failed = failed(requests);
        System.out.printf("burst benchmark: %d requests, Kling limit %d tasks (KLING_MAX_TASKS %d), task time %d ms%n",
                a.requests, a.limit, a.limit, a.taskMs);
        System.out.printf("  submitted in:            %8.1f s (%d client threads)%n", submitSeconds, a.threads);
        System.out.printf("  drain (all terminal):    %8.1f s%n", drainSeconds);
        System.out.printf("  ideal (N x task / limit): %7.1f s%n", ideal);
        System.out.printf("  utilisation: %.2f%n", ideal / drainSeconds);
        System.out.printf("  Kling tasks in flight:   mean %.1f of %d while draining, peak %d%n", drain.meanInFlight(),
                a.limit, drain.peakInFlight());
        System.out.printf("  1303 answers:            %d (%.3f per request)%n", refusals,
                (double) refusals / a.requests);
        System.out.printf("  failed requests:         %d%n", failed);
        return failed;
    }

    private static void submitAll(URI base, String key, String prefix, int count, int threads) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> submits = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = prefix + i;
                submits.add(pool.submit(() -> {
                    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(base.resolve("/requests"))
                            .header("authorization", "Bearer " + key).header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"kling-custom-voice\","
                                    + "\"payload\":{\"voice_name\":\"" + name + "\","
                                    + "\"voice_url\":\"https://cdn.example.com/" + name + ".mp3\"}}")).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() != 202) {
                        throw new IllegalStateException("submit answered " + response.statusCode());
                    }
                    return null;
                }));
            }
            for (Future<?> submit : submits) {
                submit.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** When the last request became terminal, and Kling's tasks in flight sampled meanwhile. */
    private record Drain(long endNanos, double meanInFlight, int peakInFlight) {
    }

    /** Waits until no request is dispatched or processing, sampling Kling's tasks in flight on the way. */
    private static Drain drain(RequestStore requests, KlingSimulator kling) throws InterruptedException {
        Instant everything = Instant.now().plus(Duration.ofDays(1));
        long samples = 0;
        long inFlight = 0;
        int peak = 0;
        while (!requests.open(RequestStore.OpenState.DISPATCHED, everything, 1).isEmpty()
                || !requests.open(RequestStore.OpenState.PROCESSING, everything, 1).isEmpty()) {
            int now = kling.tasksInFlight();
            samples++;
            inFlight += now;
            peak = Math.max(peak, now);
            Thread.sleep(POLL.toMillis()); // a sampling interval, not a synchronisation
        }
        return new Drain(System.nanoTime(), samples == 0 ? 0 : (double) inFlight / samples, peak);
    }

    private static int failed(RequestStore requests) {
        int failed = 0;
        Optional<String> cursor = Optional.empty();
        do {
            RequestStore.Page page = requests.list("burst", Optional.of(RequestStatus.FAILED), 100, cursor);
            failed += page.requests().size();
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        return failed;
    }
}
