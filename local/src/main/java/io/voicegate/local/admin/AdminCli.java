package io.voicegate.local.admin;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./voicegate admin …}: the operator's command line on top of the admin API, for a deployed stack (SigV4 with
 * the AWS SDK's default credentials) or the local one ({@code --admin-token}). Amounts are decimal USD. Exit codes:
 * 0 done, 1 refused (the API said no, or could not be reached), 2 usage.
 */
@Command(name = "voicegate admin", mixinStandardHelpOptions = true, version = "voicegate admin 0.1",
        description = "Operate a voicegate stack through its admin API (/admin/...).",
        subcommands = {AccountCommands.class, BalanceCommands.Credit.class, BalanceCommands.Debit.class,
                KeyCommands.class, AccountCommands.Suspend.class, AccountCommands.Resume.class,
                ReconciliationCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 done, 1 refused, 2 usage.",
                "The URL and token may also come from VOICEGATE_URL and VOICEGATE_ADMIN_TOKEN."})
public final class AdminCli {

    private AdminCli() {
    }

    /** Builds the command line (for {@code main} and for tests, which run it in-process). */
    public static CommandLine commandLine() {
        return new CommandLine(new AdminCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
