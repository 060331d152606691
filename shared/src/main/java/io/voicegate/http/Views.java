package io.voicegate.http;

import io.voicegate.domain.Billing;
import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.Model;
import io.voicegate.domain.ModelCatalog;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.SubmissionRules;
import io.voicegate.port.AccountStore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The public JSON shapes of records, accounts and models (snake_case, Unix seconds, integer micro-USD). */
public final class Views {

    /**
     * The {@code voice_url} pattern as published in the model's schema: ECMA-262 (no inline flags such as Java's
     * {@code (?i)}, which JavaScript refuses), so case-insensitivity is spelled out in character classes.
     */
    public static final String VOICE_URL_PATTERN =
            "^[Hh][Tt][Tt][Pp][Ss]?://[^?#]+\\.([Mm][Pp]3|[Ww][Aa][Vv]|[Mm][Pp]4|[Mm][Oo][Vv])([?#].*)?$";

    private Views() {
    }

    /** The request record: exactly the body of {@code GET /requests/{id}} and of the final webhook. */
    public static Map<String, Object> request(Request request) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("request_id", request.requestId());
        view.put("model", request.model());
        view.put("status", request.status().wireName());
        view.put("created_at", request.createdAt().getEpochSecond());
        view.put("updated_at", request.updatedAt().getEpochSecond());
        view.put("payload", request.payload());
        request.webhookUrl().ifPresent(url -> view.put("webhook", Map.of("url", url)));
        if (request.status().isTerminal()) {
            request.outcome().ifPresent(outcome -> view.put("outcome", outcome(outcome)));
        }
        view.put("billing", billing(request.billing()));
        return view;
    }

    private static Map<String, Object> outcome(Outcome outcome) {
        Map<String, Object> view = new LinkedHashMap<>();
        if (!outcome.voices().isEmpty()) {
            view.put("voices", outcome.voices().stream().map(v -> {
                Map<String, Object> voice = new LinkedHashMap<>();
                voice.put("voice_id", v.voiceId());
                voice.put("voice_name", v.voiceName());
                voice.put("trial_url", v.trialUrl());
                return voice;
            }).toList());
        }
        outcome.error().ifPresent(error -> view.put("error", error));
        outcome.errorCode().ifPresent(code -> view.put("error_code", code));
        return view;
    }

    private static Map<String, Object> billing(Billing billing) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("state", billing.state().wireName());
        view.put("held_micros", billing.held().micros());
        view.put("charged_micros", billing.charged().micros());
        view.put("refunded_micros", billing.refunded().micros());
        return view;
    }

    public static Map<String, Object> account(AccountStore.AccountSnapshot account) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("account_id", account.accountId());
        view.put("balance_micros", account.balance().micros());
        view.put("negative_balance", account.balance().isNegative());
        if (account.balance().isNegative()) {
            view.put("notice", "The balance is below zero: a settlement charged what Kling billed, which was more "
                    + "than the request's pre-charge. New requests are refused until the balance covers a pre-charge.");
        }
        view.put("created_at", account.createdAt().getEpochSecond());
        view.put("ledger", account.recentEntries().stream().map(Views::entry).toList());
        return view;
    }

    private static Map<String, Object> entry(LedgerEntry entry) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("entry_id", entry.entryId());
        // an operator's credit or debit keeps its reference where a request's entry keeps its request (as in the
        // statement)
        view.put(entry.kind().ofRequest() ? "request_id" : "reference", entry.requestId());
        view.put("kind", entry.kind().wireName());
        view.put("amount_micros", entry.amount().micros());
        view.put("created_at", entry.createdAt().getEpochSecond());
        return view;
    }

    public static Map<String, Object> models(ModelCatalog catalog) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("model_ids", catalog.ids());
        view.put("models", catalog.all().stream().map(Views::modelSummary).toList());
        return view;
    }

    private static Map<String, Object> modelSummary(Model model) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("model", model.id());
        view.put("brief_description", model.briefDescription());
        view.put("pricing", pricing(model));
        return view;
    }

    public static Map<String, Object> model(Model model) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("model", model.id());
        view.put("brief_description", model.briefDescription());
        view.put("detailed_description", model.detailedDescription());
        view.put("input_schema", inputSchema());
        view.put("pricing", pricing(model));
        return view;
    }

    private static Map<String, Object> pricing(Model model) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("currency", "USD");
        view.put("hold_micros", model.hold().micros());
        view.put("price_per_unit_micros", model.pricePerUnit().micros());
        view.put("description", "Each request is pre-charged hold_micros. When it succeeds, the charge becomes the "
                + "upstream units used times price_per_unit_micros (rounded half-up) and the difference is refunded "
                + "or charged once; a failed request is refunded in full.");
        return view;
    }

    /** JSON Schema (2020-12) of {@code payload}, stating the same limits {@link SubmissionRules} enforces. */
    private static Map<String, Object> inputSchema() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("voice_name", Map.of("type", "string", "minLength", 1,
                "maxLength", SubmissionRules.MAX_VOICE_NAME, "description", "Name of the voice: 1-20 Unicode "
                + "characters (code points); no control (Cc), surrogate (Cs) or private-use (Co) characters; at least "
                + "one character that is neither Unicode White_Space nor Default_Ignorable_Code_Point"));
        properties.put("voice_url", Map.of("type", "string", "format", "uri", "maxLength", SubmissionRules.MAX_URL,
                "pattern", VOICE_URL_PATTERN,
                "description", "Public http(s) URL of a 5-30 s clip with one clean human voice"));
        properties.put("video_id", Map.of("type", "string", "pattern", "^[A-Za-z0-9_-]{1,"
                + SubmissionRules.MAX_VIDEO_ID + "}$", "description", "A Kling video id (made with sound)"));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", List.of("voice_name"));
        schema.put("oneOf", List.of(Map.of("required", List.of("voice_url")), Map.of("required", List.of("video_id"))));
        schema.put("additionalProperties", false);
        return schema;
    }
}
