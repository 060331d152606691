package io.voicegate.local;

import io.voicegate.app.OpenAccount;
import io.voicegate.domain.Money;
import io.voicegate.local.kling.MagicInput;
import io.voicegate.local.runtime.AdminToken;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The options of {@code ./voicegate local}, parsed by picocli; values are checked as they are converted. */
@Command(name = "voicegate local", mixinStandardHelpOptions = false, sortOptions = false,
        description = "Start the whole stack from template.yaml on embedded engines, on 127.0.0.1.")
final class LocalOptions {

    @Option(names = "--port", paramLabel = "N", converter = PortConverter.class,
            description = "port of the HTTP API on 127.0.0.1 (default ${DEFAULT-VALUE})")
    int port = 3000;

    @Option(names = "--seed-account", paramLabel = "ID:API_KEY:BALANCE_USD", converter = SeedConverter.class,
            description = {"create an account with this API key and balance (repeatable); without any, a demo",
                    "account with $10 is created and its key printed; an existing one (--data-dir) is kept"})
    List<LocalStackMain.Seed> seeds = new ArrayList<>();

    @Option(names = "--allow-principal", paramLabel = "ACCOUNT_ID:AWS_PRINCIPAL", converter = PairConverter.class,
            description = "let an AWS principal (SQS SenderId) submit for an account (repeatable)")
    List<String[]> principals = new ArrayList<>();

    @Option(names = "--template", paramLabel = "PATH", description = "the SAM template (default template.yaml)")
    Path template = Path.of("template.yaml");

    @Option(names = "--kling-base-url", paramLabel = "URL",
            description = "talk to this Kling instead of the built-in simulator")
    URI klingBaseUrl;

    @Option(names = "--kling-api-key", paramLabel = "KEY", description = "the real Kling's API key")
    String klingApiKey;

    @Option(names = "--kling-access-key", paramLabel = "AK", description = "the real Kling's access key")
    String klingAccessKey;

    @Option(names = "--kling-secret-key", paramLabel = "SK", description = "the real Kling's secret key")
    String klingSecretKey;

    @Option(names = "--kling-task-ms", paramLabel = "N",
            description = {"the built-in Kling simulator's task time: a task ends N ms after its create",
                    "(processing after a fifth of it, at most 200 ms; default 700, 0: at once)"})
    Integer klingTaskMs;

    @Option(names = "--kling-limit", paramLabel = "N",
            description = {"the built-in Kling simulator refuses a create with 1303 while N tasks are in flight,",
                    "as Kling does at a resource pack's concurrency (default: no limit)"})
    Integer klingLimit;

    @Option(names = "--public-base-url", paramLabel = "URL",
            description = "base of the callback URLs given to Kling (default: this stack's URL)")
    String publicBaseUrl;

    @Option(names = "--sweep-interval", paramLabel = "DURATION", converter = SecondsConverter.class,
            description = {"run scheduled functions (the sweeper, the reconciliation against Kling's bill) every DURATION:",
                    "seconds (5), or 2s, 1m, 1h"})
    Duration sweepInterval;

    @Option(names = "--kling-faults", paramLabel = "NAME=RATE,...", converter = KlingFaultsConverter.class,
            description = {"random faults of the built-in Kling simulator, e.g.",
                    "fail=0.2,lose-callback=0.1,1303=0.05,seed=7 (the names are listed below)"})
    KlingFaults klingFaults;

    @Option(names = "--print-metrics",
            description = {"print each invocation's business metrics as the CloudWatch embedded metric format",
                    "JSON a Lambda function logs (default: not printed)"})
    boolean printMetrics;

    @Option(names = "--delivery-max-attempts", paramLabel = "N",
            description = {"give up a webhook after N attempts (and park it in the delivery dead-letter queue)",
                    "instead of the template's 18, to watch retries run out"})
    Integer deliveryMaxAttempts;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "keep tables, items, stream records, queues and messages in DIR across stops and kills")
    Path dataDir;

    @Option(names = "--dynamodb-port", paramLabel = "N", converter = PortConverter.class,
            description = "port of the DynamoDB engine on 127.0.0.1 (default: a free one)")
    int dynamoPort;

    @Option(names = "--sqs-port", paramLabel = "N", converter = PortConverter.class,
            description = "port of ElasticMQ on 127.0.0.1 (default: a free one)")
    int sqsPort;

    @Option(names = "--env", paramLabel = "NAME=VALUE",
            description = "set a variable in every function's environment, over the template's (repeatable)")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--admin-token", paramLabel = "TOKEN",
            description = {"the token that opens the admin routes (/admin/...) as 'Authorization: Bearer TOKEN',",
                    "in place of SigV4; at least 16 characters (default: generated and printed)"})
    String adminToken;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    /** @throws CommandLine.ParameterException when options that go together do not */
    void validate(CommandLine cli) {
        if (deliveryMaxAttempts != null && (deliveryMaxAttempts < 1 || deliveryMaxAttempts > 1000)) {
            throw new CommandLine.ParameterException(cli, "--delivery-max-attempts must be 1-1000 (SQS's "
                    + "maxReceiveCount range), got " + deliveryMaxAttempts);
        }
        if (dataDir != null && dataDir.toString().isBlank()) { // "" is an unset variable, never the current directory
            throw new CommandLine.ParameterException(cli, "--data-dir needs a value");
        }
        if (dataDir != null && Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new CommandLine.ParameterException(cli, "--data-dir " + dataDir + " is not a directory");
        }
        if (klingFaults != null && klingBaseUrl != null) {
            throw new CommandLine.ParameterException(cli, "--kling-faults needs the built-in Kling simulator, "
                    + "not --kling-base-url");
        }
        if (klingTaskMs != null && (klingTaskMs < 0 || klingTaskMs > 3_600_000)) {
            throw new CommandLine.ParameterException(cli, "--kling-task-ms must be 0-3600000, got " + klingTaskMs);
        }
        if (klingLimit != null && (klingLimit < 1 || klingLimit > 10_000)) {
            throw new CommandLine.ParameterException(cli, "--kling-limit must be 1-10000, got " + klingLimit);
        }
        if ((klingTaskMs != null || klingLimit != null) && klingBaseUrl != null) {
            throw new CommandLine.ParameterException(cli,
                    "--kling-task-ms and --kling-limit set the built-in simulator, not a --kling-base-url");
        }
        Map<String, String> owners = new HashMap<>();
        Map<String, List<String>> byAccount = new LinkedHashMap<>();
        for (String[] pair : principals) {
            // without --seed-account the one account is the demo one
            boolean seeded = seeds.isEmpty() ? pair[0].equals("demo")
                    : seeds.stream().anyMatch(seed -> seed.accountId().equals(pair[0]));
            if (!seeded) {
                throw new CommandLine.ParameterException(cli, "--allow-principal " + pair[0] + ":" + pair[1]
                        + ": no --seed-account " + pair[0] + (seeds.isEmpty() ? " (without one, the account is demo)"
                        : ""));
            }
            String owner = owners.putIfAbsent(pair[1], pair[0]);
            if (owner != null && !owner.equals(pair[0])) {
                throw new CommandLine.ParameterException(cli, "--allow-principal " + pair[1] + " is given to "
                        + owner + " and " + pair[0] + "; a principal submits for one account only");
            }
            List<String> allowed = byAccount.computeIfAbsent(pair[0], a -> new ArrayList<>());
            if (!allowed.contains(pair[1])) {
                allowed.add(pair[1]);
            }
        }
        // the admin API's rule for an account's principals (OpenAccount), said in the option's terms
        byAccount.forEach((account, allowed) -> OpenAccount.problems(new OpenAccount.NewAccount(account, Money.ZERO,
                        allowed, Optional.empty())).stream().filter(e -> e.field().startsWith("allowed_principals"))
                .findFirst().ifPresent(e -> {
                    int open = e.field().indexOf('[');
                    String subject = open < 0 ? account
                            : account + ":" + allowed.get(Integer.parseInt(e.field().substring(open + 1,
                            e.field().length() - 1))) + ": the principal";
                    throw new CommandLine.ParameterException(cli, "--allow-principal " + subject + " " + e.message());
                }));
        boolean credentials = klingApiKey != null || klingAccessKey != null || klingSecretKey != null;
        if (credentials && klingBaseUrl == null) {
            throw new CommandLine.ParameterException(cli, "Kling credentials need --kling-base-url");
        }
        if (klingBaseUrl != null) {
            if (klingBaseUrl.getScheme() == null || klingBaseUrl.getHost() == null) {
                throw new CommandLine.ParameterException(cli, "--kling-base-url must be an absolute URL");
            }
            if (klingApiKey == null && (klingAccessKey == null || klingSecretKey == null)) {
                throw new CommandLine.ParameterException(cli,
                        "--kling-base-url needs --kling-api-key, or --kling-access-key and --kling-secret-key");
            }
        }
        if (adminToken != null && adminToken.length() < AdminToken.MIN_LENGTH) {
            throw new CommandLine.ParameterException(cli, "--admin-token must be at least " + AdminToken.MIN_LENGTH
                    + " characters");
        }
        if (!Files.isRegularFile(template)) {
            throw new CommandLine.ParameterException(cli, "no template at " + template.toAbsolutePath());
        }
    }

    /** The command line of these options, with the simulator's faults and magic inputs listed after the options. */
    CommandLine commandLine() {
        CommandLine cli = new CommandLine(this);
        StringBuilder footer = new StringBuilder("%nKling faults (--kling-faults NAME=RATE,..., a rate 0-1 or a "
                + "percentage):%n");
        KlingFaults.NAMES.forEach((name, effect) -> footer.append(String.format("  %-20s %s%%n", name, effect)));
        footer.append(String.format("  %-20s %s%%n", "seed=N", "replay the same draws (default: picked, printed)"));
        footer.append(String.format("  %-20s %s%%n", "slow-delay=DURATION", "how long slow holds an answer "
                + "(500ms, 2s)"));
        footer.append("%nMagic inputs of the simulator: a voice_url file name or a video_id containing%n");
        for (MagicInput magic : MagicInput.values()) {
            footer.append(String.format("  %-24s %s%%n", magic.marker(), magic.effect()));
        }
        cli.getCommandSpec().usageMessage().footer(footer.toString());
        return cli;
    }

    /** The simulator's settings, from the options given over the defaults. */
    LocalStack.SimulatorSettings simulator() {
        LocalStack.SimulatorSettings defaults = LocalStack.SimulatorSettings.DEFAULTS;
        return new LocalStack.SimulatorSettings(klingTaskMs == null ? defaults.taskTime()
                : Duration.ofMillis(klingTaskMs), klingLimit == null ? defaults.concurrencyLimit() : klingLimit);
    }

    Optional<LocalStack.KlingTarget> kling() {
        return Optional.ofNullable(klingBaseUrl).map(url -> new LocalStack.KlingTarget(url,
                Optional.ofNullable(klingApiKey), Optional.ofNullable(klingAccessKey),
                Optional.ofNullable(klingSecretKey)));
    }

    static final class KlingFaultsConverter implements CommandLine.ITypeConverter<KlingFaults> {
        @Override
        public KlingFaults convert(String text) {
            try {
                return KlingFaults.parse(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class PortConverter implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            try {
                int port = Integer.parseInt(text);
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new CommandLine.TypeConversionException("must be a port number 0-65535, got " + text);
        }
    }

    /** A positive duration: whole seconds ({@code 30}) or with a unit, {@code 2s}, {@code 1m} or {@code 1h}. */
    static final class SecondsConverter implements CommandLine.ITypeConverter<Duration> {
        private static final java.util.regex.Pattern FORM = java.util.regex.Pattern.compile("([0-9]{1,9})([smh]?)");

        @Override
        public Duration convert(String text) {
            java.util.regex.Matcher matcher = FORM.matcher(text.trim().toLowerCase(java.util.Locale.ROOT));
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                Duration duration = switch (matcher.group(2)) {
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofSeconds(amount);
                };
                if (!duration.isZero()) {
                    return duration;
                }
            }
            throw new CommandLine.TypeConversionException(
                    "wants a positive duration such as 5, 2s, 1m or 1h (seconds without a unit), got " + text);
        }
    }

    static final class SeedConverter implements CommandLine.ITypeConverter<LocalStackMain.Seed> {
        @Override
        public LocalStackMain.Seed convert(String spec) {
            String[] parts = spec.split(":", 3);
            if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new CommandLine.TypeConversionException("wants ID:API_KEY:BALANCE_USD, got " + spec);
            }
            try {
                Money balance = Money.ofUsd(parts[2]);
                if (balance.isNegative()) {
                    throw new CommandLine.TypeConversionException("balance must not be negative");
                }
                return new LocalStackMain.Seed(parts[0], parts[1], balance);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new CommandLine.TypeConversionException("balance must be a dollar amount, got " + parts[2]);
            }
        }
    }

    static final class PairConverter implements CommandLine.ITypeConverter<String[]> {
        @Override
        public String[] convert(String spec) {
            int colon = spec.indexOf(':');
            if (colon <= 0 || colon == spec.length() - 1) {
                throw new CommandLine.TypeConversionException("wants ACCOUNT_ID:AWS_PRINCIPAL, got " + spec);
            }
            return new String[] {spec.substring(0, colon), spec.substring(colon + 1)};
        }
    }
}
