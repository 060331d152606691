package io.voicegate.local.admin;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code account create|show|list}, {@code suspend} and {@code resume}. */
@Command(name = "account", description = "Open, show and list accounts.", mixinStandardHelpOptions = true,
        subcommands = {AccountCommands.Create.class, AccountCommands.Show.class, AccountCommands.ListAccounts.class})
final class AccountCommands {

    static String path(String accountId) {
        return "/admin/accounts/" + URLEncoder.encode(accountId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String describe(JsonNode account) {
        String line = account.path("account_id").asText() + "  balance " + AdminCall.usd(account.get("balance_micros"))
                + " USD  " + account.path("state").asText();
        return account.has("suspended_reason") ? line + " (" + account.path("suspended_reason").asText() + ")" : line;
    }

    @Command(name = "create", description = "Open an account; prints its first API key once.",
            mixinStandardHelpOptions = true)
    static final class Create extends AdminCall {
        @Option(names = "--id", required = true, paramLabel = "ACCOUNT_ID", description = "the new account's id")
        String id;

        @Option(names = "--balance", required = true, converter = UsdConverter.class, paramLabel = "USD",
                description = "opening balance in USD, e.g. 25.00")
        long balance;

        @Option(names = "--allow-principal", paramLabel = "AWS_PRINCIPAL",
                description = "an AWS principal (SQS SenderId) that may submit for it (repeatable)")
        List<String> principals = new ArrayList<>();

        @Option(names = "--record-queue", paramLabel = "SQS_URL",
                description = "an SQS queue (voicegate-records-*) that receives its final records")
        String recordQueue;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("account_id", id);
            body.put("initial_balance_micros", balance);
            if (!principals.isEmpty()) {
                body.put("allowed_principals", principals);
            }
            if (recordQueue != null) {
                body.put("record_queue", recordQueue);
            }
            return call("POST", "/admin/accounts", body, json -> "account " + json.path("account_id").asText()
                    + " opened with " + usd(balance) + " USD; key " + json.path("key_id").asText()
                    + ", its API key (shown once):\n  " + json.path("api_key").asText());
        }
    }

    @Command(name = "show", description = "Show an account: balance, state and latest ledger entries.",
            mixinStandardHelpOptions = true)
    static final class Show extends AdminCall {
        @Parameters(paramLabel = "ACCOUNT_ID")
        String id;

        @Override
        public Integer call() {
            return call("GET", path(id), null, json -> {
                StringBuilder text = new StringBuilder(describe(json));
                json.path("view").path("ledger").forEach(e -> text.append("\n  ").append(e.path("entry_id").asText())
                        .append("  ").append(usd(e.get("amount_micros"))));
                return text.toString();
            });
        }
    }

    @Command(name = "list", description = "List accounts (50 a page).", mixinStandardHelpOptions = true)
    static final class ListAccounts extends AdminCall {
        @Option(names = "--cursor", paramLabel = "CURSOR", description = "next_cursor of the previous page")
        String cursor;

        @Override
        public Integer call() {
            String query = cursor == null ? "" : "?cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
            return call("GET", "/admin/accounts" + query, null, json -> {
                StringBuilder text = new StringBuilder();
                json.path("accounts").forEach(a -> text.append(describe(a)).append('\n'));
                if (!json.path("next_cursor").isNull()) {
                    text.append("more: --cursor ").append(json.path("next_cursor").asText()).append('\n');
                }
                return text.toString().stripTrailing();
            });
        }
    }

    @Command(name = "suspend", description = "Suspend an account: its submits are refused; the rest goes on.",
            mixinStandardHelpOptions = true)
    static final class Suspend extends AdminCall {
        @Parameters(paramLabel = "ACCOUNT_ID")
        String id;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why (shown to operators)")
        String reason;

        @Override
        public Integer call() {
            return call("POST", path(id) + "/suspend", Map.of("reason", reason), AccountCommands::describe);
        }
    }

    @Command(name = "resume", description = "Resume a suspended account.", mixinStandardHelpOptions = true)
    static final class Resume extends AdminCall {
        @Parameters(paramLabel = "ACCOUNT_ID")
        String id;

        @Override
        public Integer call() {
            return call("POST", path(id) + "/resume", null, AccountCommands::describe);
        }
    }
}
