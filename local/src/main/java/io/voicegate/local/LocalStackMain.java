package io.voicegate.local;

import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.Money;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./voicegate local}: starts the whole stack from {@code template.yaml} on embedded engines, seeds accounts and
 * serves until SIGINT/SIGTERM.
 */
public final class LocalStackMain {

    private static final String USAGE = """
            usage: voicegate local [--port N] [--seed-account ID:API_KEY:BALANCE_USD]... \
            [--allow-principal ACCOUNT_ID:AWS_PRINCIPAL]... [--template PATH]
              --port N             port of the HTTP API on 127.0.0.1 (default 3000)
              --seed-account ...   create an account with this API key and balance (repeatable);
                                   without any, a demo account with $10 is created and its key printed
              --allow-principal    let an AWS principal (SQS SenderId) submit for an account (repeatable)
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
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                    case "--template" -> template = Path.of(value(args, ++i, "--template"));
                    case "--seed-account" -> seeds.add(seed(value(args, ++i, "--seed-account")));
                    case "--allow-principal" -> principals.add(pair(value(args, ++i, "--allow-principal")));
                    case "-h", "--help" -> {
                        System.out.print(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be 0-65535");
            }
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

        LocalStack stack = LocalStack.start(LocalStack.Options.defaults(template).withPort(port)
                .withOverrides(Map.of()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
            System.out.println("voicegate local stack stopped");
        }, "voicegate-shutdown"));

        for (Seed seed : seeds) {
            List<String> allowed = principals.stream().filter(p -> p[0].equals(seed.accountId())).map(p -> p[1])
                    .toList();
            stack.openAccount(seed.accountId(), seed.apiKey(), seed.balance(), allowed);
        }
        String base = stack.baseUrl().toString();
        if (demo) {
            Seed seed = seeds.get(0);
            System.out.println("demo account '" + seed.accountId() + "' with $10.00; its API key (shown once):");
            System.out.println("  " + seed.apiKey());
            System.out.println("try:");
            System.out.println("  curl -s -X POST " + base + "/requests -H 'Authorization: Bearer " + seed.apiKey()
                    + "' -H 'Content-Type: application/json' -d '{\"model\":\"kling-custom-voice\",\"payload\":"
                    + "{\"voice_name\":\"ada\",\"voice_url\":\"https://example.com/ada.mp3\"}}'");
            System.out.println("  curl -s " + base + "/account -H 'Authorization: Bearer " + seed.apiKey() + "'");
        }
        System.out.println("SQS intake queue: " + stack.ref("IntakeQueue") + " (local SenderId "
                + LOCAL_SQS_SENDER + ")");
        System.out.println("voicegate local stack ready on " + base);
        System.out.flush();
        stopped.await();
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
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
