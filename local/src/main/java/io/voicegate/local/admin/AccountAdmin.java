package io.voicegate.local.admin;

import io.voicegate.config.Config;
import io.voicegate.config.Wiring;
import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.Money;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./voicegate account create}: opens an account in a deployed stack, through the same use case the
 * gateway uses, with the caller's AWS credentials (the SDK's default chain). Prints the API key once.
 */
public final class AccountAdmin {

    private static final String USAGE = """
            usage: voicegate account create --region REGION --accounts-table NAME --id ACCOUNT_ID \\
                   --balance USD [--allow-principal AWS_PRINCIPAL]... [--record-queue SQS_URL]
              --accounts-table   the stack's AccountsTableName output
            """;

    private AccountAdmin() {
    }

    public static void main(String[] args) {
        Map<String, String> options = new HashMap<>();
        List<String> principals = new ArrayList<>();
        try {
            if (args.length == 0 || !args[0].equals("create")) {
                throw new IllegalArgumentException("the only command is 'create'");
            }
            for (int i = 1; i < args.length; i++) {
                String option = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                String value = args[++i];
                switch (option) {
                    case "--allow-principal" -> principals.add(value);
                    case "--region", "--accounts-table", "--id", "--balance", "--record-queue" ->
                            options.put(option, value);
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            for (String required : List.of("--region", "--accounts-table", "--id", "--balance")) {
                if (!options.containsKey(required)) {
                    throw new IllegalArgumentException(required + " is required");
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("voicegate account: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        Map<String, String> env = new HashMap<>(Map.of(Config.AWS_REGION, options.get("--region"),
                Config.ACCOUNTS_TABLE, options.get("--accounts-table")));
        Wiring wiring = new Wiring(Config.fromEnv(env), Clock.systemUTC());
        String apiKey = ApiKeys.generate(new SecureRandom());
        wiring.openAccount().open(options.get("--id"), apiKey, Money.ofUsd(options.get("--balance")), principals);
        if (options.containsKey("--record-queue")) {
            wiring.accountStore().setDeliveryQueue(options.get("--id"), options.get("--record-queue"));
        }
        System.out.println("account " + options.get("--id") + " created; its API key (shown once):");
        System.out.println("  " + apiKey);
    }
}
