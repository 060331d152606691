package io.voicegate.local;

import io.voicegate.adapter.metrics.EmfMetrics;
import io.voicegate.config.Wiring;
import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.Money;
import io.voicegate.local.engine.FreePorts;
import io.voicegate.local.runtime.LocalFunction;
import io.voicegate.port.AccountStore;
import io.voicegate.port.Metrics;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./voicegate local}: starts the whole stack from {@code template.yaml} on embedded engines, seeds accounts and
 * serves until SIGINT/SIGTERM.
 */
public final class LocalStackMain {

    /** The SenderId ElasticMQ reports for messages sent from this machine. */
    static final String LOCAL_SQS_SENDER = "127.0.0.1";

    private LocalStackMain() {
    }

    record Seed(String accountId, String apiKey, Money balance) {
    }

    /**
     * One sentence naming the first port the stack would listen on that something else holds already (checked before
     * anything starts, so no engine half-starts or prints its own trace), or empty.
     */
    static Optional<String> busyPort(LocalOptions o) {
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        ports.put("--port", o.port);
        ports.put("--dynamodb-port", o.dynamoPort);
        ports.put("--sqs-port", o.sqsPort);
        return ports.entrySet().stream().filter(p -> p.getValue() != 0 && FreePorts.inUse(p.getValue())).findFirst()
                .map(p -> "port " + p.getValue() + " on 127.0.0.1 is in use (" + p.getKey() + "); stop what listens "
                        + "there or give another one with " + p.getKey() + " N.");
    }

    public static void main(String[] args) throws InterruptedException {
        LocalOptions o = new LocalOptions();
        CommandLine cli = o.commandLine();
        try {
            cli.parseArgs(args);
            if (cli.isUsageHelpRequested()) {
                cli.usage(System.out);
                return;
            }
            o.validate(cli);
        } catch (CommandLine.ParameterException e) {
            System.err.println("voicegate local: " + e.getMessage());
            cli.usage(System.err);
            System.exit(2);
            return;
        }
        Optional<String> busy = busyPort(o);
        if (busy.isPresent()) {
            System.err.println("voicegate local: " + busy.get());
            System.exit(1);
            return;
        }
        List<Seed> seeds = new ArrayList<>(o.seeds);
        List<String[]> principals = new ArrayList<>(o.principals);
        Path dataDir = o.dataDir;
        boolean demo = seeds.isEmpty();
        if (demo) {
            seeds.add(new Seed("demo", ApiKeys.generate(new SecureRandom()), Money.ofUsd("10")));
            principals.add(new String[] {"demo", LOCAL_SQS_SENDER});
        }

        LocalStack.Options.Builder options = LocalStack.Options.builder(o.template).port(o.port)
                .dynamoPort(o.dynamoPort).sqsPort(o.sqsPort).overrides(o.env).simulator(o.simulator());
        if (o.deliveryMaxAttempts != null) {
            // the worker's "last attempt" and the queue's redrive must agree, as in the template
            options.overrides(Map.of(Wiring.DELIVERY_MAX_ATTEMPTS, o.deliveryMaxAttempts.toString()))
                    .maxReceiveCount("DeliveryQueue", o.deliveryMaxAttempts);
        }
        if (dataDir != null) {
            options.dataDir(dataDir.toAbsolutePath().normalize());
        }
        o.kling().ifPresent(options::kling);
        if (o.publicBaseUrl != null) {
            options.publicBaseUrl(o.publicBaseUrl);
        }
        if (o.sweepInterval != null) {
            options.scheduleInterval(o.sweepInterval);
        }
        LocalStack stack;
        try {
            // Printed, each function's metrics are the EMF documents Lambda would log; otherwise they would add a
            // JSON line per invocation to the terminal the stack shares with the user, so they are not recorded.
            stack = LocalStack.start(options.build(), o.printMetrics ? function -> EmfMetrics.onStandardOutput()
                    : function -> Metrics.NONE);
        } catch (LocalFunction.InitFailedException e) { // a function's configuration refused (e.g. an --env value)
            System.err.println("voicegate local: the stack did not start: " + e.getMessage());
            System.exit(1);
            return;
        } catch (Exception e) { // ElasticMQ rethrows a failed bind as the checked BindException
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (!(cause instanceof IOException)) {
                throw e;
            }
            System.err.println("voicegate local: the stack did not start: " + e.getMessage()
                    + (cause == e ? "" : " (" + cause + ")"));
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
            System.out.println("voicegate local stack stopped");
        }, "voicegate-shutdown"));

        boolean demoOpened = false;
        for (Seed seed : seeds) {
            List<String> allowed = principals.stream().filter(p -> p[0].equals(seed.accountId())).map(p -> p[1])
                    .distinct().toList();
            boolean opened;
            try {
                opened = stack.openAccountIfAbsent(seed.accountId(), seed.apiKey(), seed.balance(), allowed);
            } catch (AccountStore.PrincipalTakenException e) { // kept from an earlier run in the data directory
                System.err.println("voicegate local: --allow-principal " + e.principal() + " for " + seed.accountId()
                        + ": it already submits for account " + e.owner() + " (in " + dataDir + ")");
                System.exit(1);
                return;
            }
            if (demo) {
                demoOpened = opened;
            } else if (!opened) {
                System.out.println("account '" + seed.accountId() + "' exists"
                        + (dataDir == null ? " already" : " in " + dataDir) + ": kept with its balance and ledger"
                        + (stack.hasKey(seed.accountId(), seed.apiKey()) ? ""
                        : "; the API key given is not its key, it keeps the key it was opened with"));
            }
        }
        String base = stack.baseUrl().toString();
        if (demo && demoOpened) {
            Seed seed = seeds.get(0);
            System.out.println("demo account '" + seed.accountId() + "' with $10.00; its API key (shown once):");
            System.out.println("  " + seed.apiKey());
            System.out.println("try:");
            System.out.println("  curl -s -X POST " + base + "/requests -H 'Authorization: Bearer " + seed.apiKey()
                    + "' -H 'Content-Type: application/json' -d '{\"model\":\"kling-custom-voice\",\"payload\":"
                    + "{\"voice_name\":\"ada\",\"voice_url\":\"https://example.com/ada.mp3\"}}'");
            System.out.println("  curl -s " + base + "/account -H 'Authorization: Bearer " + seed.apiKey() + "'");
        } else if (demo) {
            System.out.println("demo account '" + seeds.get(0).accountId() + "' exists in " + dataDir
                    + ": kept with its balance, ledger and the API key printed when it was opened");
        }
        System.out.println("SQS intake queue: " + stack.ref("IntakeQueue") + " (local SenderId "
                + LOCAL_SQS_SENDER + ")");
        System.out.println(stack.simulator().map(sim -> "Kling: built-in simulator on " + sim.baseUrl()
                + " (tasks take " + o.simulator().taskTime().toMillis() + " ms"
                + (o.simulator().concurrencyLimit() > 0 ? ", at most " + o.simulator().concurrencyLimit()
                + " at once" : "") + "; its faults and magic inputs: ./voicegate local --help)")
                .orElse("Kling: " + o.klingBaseUrl));
        if (o.klingFaults != null) {
            long seed = o.klingFaults.seed().orElseGet(() -> new SecureRandom().nextInt(1_000_000));
            stack.simulator().orElseThrow().faults().randomly(seed, o.klingFaults.rates());
            System.out.println("Kling faults: " + o.klingFaults.text() + " (seed " + seed + "; seed=" + seed
                    + " replays the same draws)");
        }
        System.out.println(dataDir == null ? "data: in memory (gone when the stack stops; keep it with --data-dir)"
                : "data: kept in " + dataDir.toAbsolutePath().normalize());
        System.out.println("admin routes (/admin/...): AWS_IAM (SigV4) in AWS; here they take the admin token as "
                + "'Authorization: Bearer TOKEN' instead");
        if (o.adminToken != null) {
            stack.useAdminToken(o.adminToken);
            System.out.println("admin token: the one given with --admin-token");
        } else {
            System.out.println("admin token: " + stack.adminToken());
        }
        System.out.println("dynamodb: " + stack.dynamoEndpoint());
        System.out.println("sqs: " + stack.sqsEndpoint());
        System.out.println("voicegate local stack ready on " + base);
        System.out.flush();
        stopped.await();
    }
}
