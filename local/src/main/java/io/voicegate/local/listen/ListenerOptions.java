package io.voicegate.local.listen;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Optional;

/** The command line of {@code ./voicegate listen}, parsed by picocli. */
record ListenerOptions(int port, Optional<String> secret, boolean help) {

    static final String USAGE = usage();

    @Command(name = "voicegate listen", description = "Receive, verify and print webhooks on 127.0.0.1.")
    static final class Spec {
        @Option(names = "--port", paramLabel = "N",
                description = "port on 127.0.0.1 (default 4000; 0 picks a free one)")
        int port = 4000;

        @Option(names = "--secret", paramLabel = "S", description = {"the account's webhook secret: each webhook's "
                + "Standard Webhooks signature is checked (204 verified, 401 bad signature, 400 missing headers);",
                "without it, bodies are printed unverified"})
        String secret;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
        boolean help;
    }

    /** @throws IllegalArgumentException with picocli's message naming the option, on any bad input */
    static ListenerOptions parse(String[] args) {
        Spec spec = new Spec();
        CommandLine cli = new CommandLine(spec);
        try {
            cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (spec.port < 0 || spec.port > 65535) {
            throw new IllegalArgumentException("--port must be 0-65535, got " + spec.port);
        }
        if (spec.secret != null) {
            try {
                WebhookVerifier.key(spec.secret);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--secret must be whsec_ followed by base64");
            }
        }
        return new ListenerOptions(spec.port, Optional.ofNullable(spec.secret), spec.help);
    }

    private static String usage() {
        return new CommandLine(new Spec()).getUsageMessage();
    }
}
