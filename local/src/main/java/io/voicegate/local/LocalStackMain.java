package io.voicegate.local;

import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.Money;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./voicegate local}: starts the whole stack from {@code template.yaml} on embedded engines, seeds accounts and
 * serves until SIGINT/SIGTERM.
 */
public final class LocalStackMain {

    private static final String USAGE = """
            usage: voicegate local [--port N] [--seed-account ID:API_KEY:BALANCE_USD]... \
            [--allow-principal ACCOUNT_ID:AWS_PRINCIPAL]... [--template PATH] \
            [--kling-base-url URL (--kling-api-key KEY | --kling-access-key AK --kling-secret-key SK)] \
            [--public-base-url URL] [--sweep-interval SECONDS] [--data-dir DIR] [--dynamodb-port N] \
            [--sqs-port N] [--env NAME=VALUE]...
              --port N             port of the HTTP API on 127.0.0.1 (default 3000)
              --seed-account ...   create an account with this API key and balance (repeatable);
                                   without any, a demo account with $10 is created and its key printed;
                                   an account that exists already (--data-dir) is kept as it is
              --allow-principal    let an AWS principal (SQS SenderId) submit for an account (repeatable)
              --kling-base-url     talk to this Kling instead of the built-in simulator, with
                                   --kling-api-key or --kling-access-key and --kling-secret-key
              --public-base-url    base of the callback URLs given to Kling (default: this stack's URL)
              --sweep-interval     run scheduled functions (the sweeper) every SECONDS instead of the
                                   template's rate (every minute)
              --data-dir DIR       keep tables, items, stream records, queues and messages in DIR: a
                                   stopped or killed stack started again on DIR carries on where it was
                                   (default: in memory, gone when the stack stops)
              --dynamodb-port N    port of the DynamoDB engine on 127.0.0.1 (default: a free one)
              --sqs-port N         port of ElasticMQ on 127.0.0.1 (default: a free one)
              --env NAME=VALUE     set a variable in every function's environment, over the template's
                                   (repeatable), e.g. SWEEP_REDISPATCH_AFTER_SECONDS=30
            """;

    /** The SenderId ElasticMQ reports for messages sent from this machine. */
    static final String LOCAL_SQS_SENDER = "127.0.0.1";

    private LocalStackMain() {
    }

    record Seed(String accountId, String apiKey, Money balance) {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 3000;
        Path template = Path.of("template.yaml");
        List<Seed> seeds = new ArrayList<>();
        List<String[]> principals = new ArrayList<>();
        Map<String, String> kling = new HashMap<>();
        String publicBaseUrl = null;
        Duration sweepInterval = null;
        Path dataDir = null;
        int dynamoPort = 0;
        int sqsPort = 0;
        Map<String, String> env = new HashMap<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = port(value(args, ++i, "--port"), "--port");
                    case "--template" -> template = Path.of(value(args, ++i, "--template"));
                    case "--seed-account" -> seeds.add(seed(value(args, ++i, "--seed-account")));
                    case "--allow-principal" -> principals.add(pair(value(args, ++i, "--allow-principal")));
                    case "--kling-base-url", "--kling-api-key", "--kling-access-key", "--kling-secret-key" -> {
                        String option = args[i];
                        kling.put(option, value(args, ++i, option));
                    }
                    case "--public-base-url" -> publicBaseUrl = value(args, ++i, "--public-base-url");
                    case "--sweep-interval" -> sweepInterval = seconds(value(args, ++i, "--sweep-interval"));
                    case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
                    case "--dynamodb-port" -> dynamoPort = port(value(args, ++i, "--dynamodb-port"),
                            "--dynamodb-port");
                    case "--sqs-port" -> sqsPort = port(value(args, ++i, "--sqs-port"), "--sqs-port");
                    case "--env" -> {
                        String[] variable = variable(value(args, ++i, "--env"));
                        env.put(variable[0], variable[1]);
                    }
                    case "-h", "--help" -> {
                        System.out.print(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (dataDir != null && Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
                throw new IllegalArgumentException("--data-dir " + dataDir + " is not a directory");
            }
            validateKling(kling);
            if (!Files.isRegularFile(template)) {
                throw new IllegalArgumentException("no template at " + template.toAbsolutePath());
            }
        } catch (IllegalArgumentException e) {
            System.err.println("voicegate local: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        boolean demo = seeds.isEmpty();
        if (demo) {
            seeds.add(new Seed("demo", ApiKeys.generate(new SecureRandom()), Money.ofUsd("10")));
            principals.add(new String[] {"demo", LOCAL_SQS_SENDER});
        }

        LocalStack.Options options = LocalStack.Options.defaults(template).withPort(port)
                .withEnginePorts(dynamoPort, sqsPort).withOverrides(Map.copyOf(env));
        if (dataDir != null) {
            options = options.withDataDir(dataDir.toAbsolutePath().normalize());
        }
        if (kling.containsKey("--kling-base-url")) {
            options = options.withKling(new LocalStack.KlingTarget(URI.create(kling.get("--kling-base-url")),
                    Optional.ofNullable(kling.get("--kling-api-key")),
                    Optional.ofNullable(kling.get("--kling-access-key")),
                    Optional.ofNullable(kling.get("--kling-secret-key"))));
        }
        if (publicBaseUrl != null) {
            options = options.withPublicBaseUrl(publicBaseUrl);
        }
        if (sweepInterval != null) {
            options = options.withScheduleInterval(sweepInterval);
        }
        LocalStack stack;
        try {
            stack = LocalStack.start(options);
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
                    .toList();
            boolean opened = stack.openAccountIfAbsent(seed.accountId(), seed.apiKey(), seed.balance(), allowed);
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
        System.out.println(stack.simulator().map(sim -> "Kling: built-in simulator on " + sim.baseUrl())
                .orElse("Kling: " + kling.get("--kling-base-url")));
        System.out.println(dataDir == null ? "data: in memory (gone when the stack stops; keep it with --data-dir)"
                : "data: kept in " + dataDir.toAbsolutePath().normalize());
        System.out.println("dynamodb: " + stack.dynamoEndpoint());
        System.out.println("sqs: " + stack.sqsEndpoint());
        System.out.println("voicegate local stack ready on " + base);
        System.out.flush();
        stopped.await();
    }

    private static int port(String text, String option) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a port number 0-65535, got " + text);
        }
    }

    private static String[] variable(String spec) {
        int equals = spec.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("--env wants NAME=VALUE, got " + spec);
        }
        return new String[] {spec.substring(0, equals), spec.substring(equals + 1)};
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].isBlank()) { // "" is an unset variable, never the current directory
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static Duration seconds(String text) {
        try {
            long seconds = Long.parseLong(text);
            if (seconds < 1) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--sweep-interval wants a whole number of seconds, got " + text);
        }
    }

    private static void validateKling(Map<String, String> kling) {
        if (kling.isEmpty()) {
            return;
        }
        if (!kling.containsKey("--kling-base-url")) {
            throw new IllegalArgumentException("Kling credentials need --kling-base-url");
        }
        URI base = URI.create(kling.get("--kling-base-url"));
        if (base.getScheme() == null || base.getHost() == null) {
            throw new IllegalArgumentException("--kling-base-url must be an absolute URL");
        }
        boolean apiKey = kling.containsKey("--kling-api-key");
        boolean pair = kling.containsKey("--kling-access-key") && kling.containsKey("--kling-secret-key");
        if (!apiKey && !pair) {
            throw new IllegalArgumentException(
                    "--kling-base-url needs --kling-api-key, or --kling-access-key and --kling-secret-key");
        }
    }

    private static Seed seed(String spec) {
        String[] parts = spec.split(":", 3);
        if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException("--seed-account wants ID:API_KEY:BALANCE_USD, got " + spec);
        }
        try {
            Money balance = Money.ofUsd(parts[2]);
            if (balance.isNegative()) {
                throw new IllegalArgumentException("--seed-account balance must not be negative");
            }
            return new Seed(parts[0], parts[1], balance);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("--seed-account balance must be a dollar amount, got " + parts[2]);
        }
    }

    private static String[] pair(String spec) {
        int colon = spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("--allow-principal wants ACCOUNT_ID:AWS_PRINCIPAL, got " + spec);
        }
        return new String[] {spec.substring(0, colon), spec.substring(colon + 1)};
    }
}
