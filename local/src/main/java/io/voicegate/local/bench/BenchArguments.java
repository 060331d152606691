package io.voicegate.local.bench;

import picocli.CommandLine;

/** The command line of every {@code ./voicegate bench …}: one way to parse, refuse and show help. */
final class BenchArguments {

    /** A check of the parsed values; throws {@link IllegalArgumentException} naming what is wrong. */
    @FunctionalInterface
    interface Check {
        void check();
    }

    private BenchArguments() {
    }

    /**
     * Parses {@code args} into {@code arguments} (a picocli command object). A mistake, or a value {@code check}
     * refuses, prints the message and the usage on stderr and exits 2; {@code --help} or {@code --version} prints
     * them and answers false.
     *
     * @param name the command as the user typed it, e.g. {@code bench burst}
     * @return true when the bench should run
     */
    static boolean parse(String name, Object arguments, String[] args, Check check) {
        CommandLine cli = new CommandLine(arguments);
        try {
            cli.parseArgs(args);
            if (!cli.isUsageHelpRequested() && !cli.isVersionHelpRequested()) {
                check.check();
            }
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            System.err.println("voicegate " + name + ": " + e.getMessage());
            cli.usage(System.err);
            System.exit(2);
            return false;
        }
        return !cli.printHelpIfRequested(cli.getParseResult());
    }
}
