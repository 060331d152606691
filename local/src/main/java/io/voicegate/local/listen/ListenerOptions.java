package io.voicegate.local.listen;

import java.util.Optional;

/** The command line of {@code ./voicegate listen}. */
record ListenerOptions(int port, Optional<String> secret, boolean help) {

    static final String USAGE = """
            usage: voicegate listen [--port N] [--secret whsec_...]
              --port N       port on 127.0.0.1 (default 4000; 0 picks a free one)
              --secret S     the account's webhook secret: each webhook's Standard Webhooks signature is checked
                             (204 verified, 401 bad signature, 400 missing headers); without it, bodies are
                             printed unverified
            """;

    static ListenerOptions parse(String[] args) {
        int port = 4000;
        Optional<String> secret = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = port(value(args, ++i, "--port"));
                case "--secret" -> secret = Optional.of(secret(value(args, ++i, "--secret")));
                case "-h", "--help" -> {
                    return new ListenerOptions(port, secret, true);
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new ListenerOptions(port, secret, false);
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--port must be 0-65535, got " + text);
    }

    private static String secret(String text) {
        try {
            WebhookVerifier.key(text);
            return text;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--secret must be whsec_ followed by base64");
        }
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }
}
