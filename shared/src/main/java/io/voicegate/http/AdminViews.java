package io.voicegate.http;

import io.voicegate.domain.AccountProfile;
import io.voicegate.domain.ApiKeyInfo;
import io.voicegate.domain.StatementLine;
import io.voicegate.domain.reconciliation.Mismatch;
import io.voicegate.domain.reconciliation.ReconciliationReport;

import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON shapes of the admin API and of statements (snake_case, Unix seconds, integer µUSD, decimal units). */
public final class AdminViews {

    private AdminViews() {
    }

    /**
     * A statement line: {@code id, kind, amount_micros} (signed), {@code balance_after_micros} (null when the entry
     * was just posted), {@code request_id} or {@code reference} (and {@code note}), {@code created_at}.
     */
    public static Map<String, Object> entry(StatementLine line) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", line.entryId());
        view.put("kind", line.kind().wireName());
        view.put("amount_micros", line.amount().micros());
        view.put("balance_after_micros", line.balanceAfter().map(m -> m.micros()).orElse(null));
        line.requestId().ifPresent(id -> view.put("request_id", id));
        line.reference().ifPresent(reference -> view.put("reference", reference));
        line.note().ifPresent(note -> view.put("note", note));
        view.put("created_at", line.createdAt().getEpochSecond());
        return view;
    }

    public static Map<String, Object> account(AccountProfile account) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("account_id", account.accountId());
        view.put("balance_micros", account.balance().micros());
        view.put("state", account.state());
        account.suspendedReason().ifPresent(reason -> view.put("suspended_reason", reason));
        account.suspendedAt().ifPresent(at -> view.put("suspended_at", at.getEpochSecond()));
        view.put("created_at", account.createdAt().getEpochSecond());
        return view;
    }

    public static Map<String, Object> key(ApiKeyInfo key) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("key_id", key.keyId());
        view.put("last4", key.last4());
        view.put("created_at", key.createdAt().getEpochSecond());
        view.put("last_used_on", key.lastUsedOn().map(Object::toString).orElse(null));
        return view;
    }

    public static Map<String, Object> report(ReconciliationReport report) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("date", report.date().toString());
        view.put("checked_tasks", report.checkedTasks());
        view.put("ran_at", report.ranAt().getEpochSecond());
        view.put("mismatches", report.mismatches().stream().map(AdminViews::mismatch).toList());
        return view;
    }

    private static Map<String, Object> mismatch(Mismatch mismatch) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("kind", mismatch.kind().wireName());
        view.put("task_id", mismatch.taskId());
        view.put("request_id", mismatch.requestId().orElse(null));
        view.put("our_units", mismatch.ourUnits().orElse(null));
        view.put("kling_units", mismatch.klingUnits().orElse(null));
        return view;
    }
}
