package io.voicegate.local.admin;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code credit} and {@code debit}: idempotent on {@code --reference}. */
final class BalanceCommands {

    private BalanceCommands() {
    }

    abstract static class Adjust extends AdminCall {
        @Parameters(paramLabel = "ACCOUNT_ID")
        String id;

        @Option(names = "--amount", required = true, converter = UsdConverter.class, paramLabel = "USD",
                description = "the amount in USD, e.g. 25.00")
        long amount;

        @Option(names = "--reference", required = true, paramLabel = "REF",
                description = "your reference (e.g. a payment id): the same reference again changes nothing")
        String reference;

        @Option(names = "--note", paramLabel = "TEXT", description = "a note kept with the entry")
        String note;

        int post(String kind) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("amount_micros", amount);
            body.put("reference", reference);
            if (note != null) {
                body.put("note", note);
            }
            return call("POST", AccountCommands.path(id) + "/" + kind + "s", body, json -> describe(json)
                    + (status == 200 ? " (already posted under this reference: nothing changed)" : " (posted)"));
        }
    }

    static String describe(JsonNode entry) {
        return entry.path("kind").asText() + " " + entry.path("id").asText() + ": " + usd(entry) + " USD at "
                + entry.path("created_at").asLong();
    }

    private static String usd(JsonNode entry) {
        return AdminCall.usd(entry.get("amount_micros"));
    }

    @Command(name = "credit", description = "Credit an account (a top-up or a goodwill credit).",
            mixinStandardHelpOptions = true)
    static final class Credit extends Adjust {
        @Override
        public Integer call() {
            return post("credit");
        }
    }

    @Command(name = "debit", description = "Debit an account (a manual charge); never below zero.",
            mixinStandardHelpOptions = true)
    static final class Debit extends Adjust {
        @Override
        public Integer call() {
            return post("debit");
        }
    }
}
