package io.voicegate.http;

import io.voicegate.app.AdjustBalance;
import io.voicegate.app.AdministerAccounts;
import io.voicegate.app.ManageApiKeys;
import io.voicegate.app.OpenAccount;
import io.voicegate.domain.FieldError;
import io.voicegate.domain.Money;
import io.voicegate.port.AccountDirectory;
import io.voicegate.port.AccountStore;
import io.voicegate.port.LedgerStore;
import io.voicegate.port.RequestStore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The admin routes on accounts: open, list, show, credit, debit, keys, suspend and resume. */
final class AdminAccountsApi {

    private static final int ACCOUNTS_PAGE = 50;

    private final OpenAccount open;
    private final AdministerAccounts administer;
    private final AdjustBalance adjust;
    private final ManageApiKeys keys;
    private final AccountStore store;

    AdminAccountsApi(OpenAccount open, AdministerAccounts administer, AdjustBalance adjust, ManageApiKeys keys,
                     AccountStore store) {
        this.open = open;
        this.administer = administer;
        this.adjust = adjust;
        this.keys = keys;
        this.store = store;
    }

    ApiResponse open(String body) {
        JsonFields fields = JsonFields.parse(body, Set.of("account_id", "initial_balance_micros",
                "allowed_principals", "record_queue"));
        String accountId = fields.text("account_id");
        long balance = fields.wholeNumber("initial_balance_micros");
        var principals = fields.texts("allowed_principals");
        Optional<String> queue = fields.optionalText("record_queue");
        OpenAccount.NewAccount account = new OpenAccount.NewAccount(accountId, Money.ofMicros(balance), principals,
                queue);
        fields.check(OpenAccount.problems(account));
        OpenAccount.Opened opened;
        try {
            opened = open.open(account);
        } catch (AccountStore.PrincipalTakenException e) {
            return Problems.ofField(409, "principal-taken", "Principal taken", new FieldError("allowed_principals["
                    + principals.indexOf(e.principal()) + "]", "already submits for account " + e.owner()
                    + "; a principal submits for one account only"));
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("account_id", opened.accountId());
        view.put("key_id", opened.key().keyId());
        view.put("api_key", opened.apiKey());
        return ApiResponse.json(201, view).withHeader("location", "/admin/accounts/" + opened.accountId());
    }

    ApiResponse list(ApiRequest request) {
        AccountDirectory.AccountPage page;
        try {
            page = administer.list(ACCOUNTS_PAGE, request.query("cursor"));
        } catch (RequestStore.InvalidCursorException e) {
            throw AdminApi.badCursor();
        }
        return ApiResponse.json(200, AdminApi.page("accounts",
                page.accounts().stream().map(AdminViews::account).toList(), page.nextCursor()));
    }

    ApiResponse show(String accountId) {
        var profile = administer.profile(accountId);
        var snapshot = store.snapshot(accountId, PublicApi.LEDGER_ENTRIES_SHOWN);
        if (profile.isEmpty() || snapshot.isEmpty()) {
            throw new LedgerStore.AccountNotFoundException(accountId);
        }
        Map<String, Object> view = AdminViews.account(profile.get());
        view.put("view", Views.account(snapshot.get()));
        return ApiResponse.json(200, view);
    }

    ApiResponse adjust(String accountId, String body, boolean credit) {
        JsonFields fields = JsonFields.parse(body, Set.of("amount_micros", "reference", "note"));
        long amount = fields.wholeNumber("amount_micros");
        String reference = fields.text("reference");
        Optional<String> note = fields.optionalText("note");
        fields.check();
        Money money = Money.ofMicros(amount);
        LedgerStore.Posting posting = credit ? adjust.credit(accountId, money, reference, note)
                : adjust.debit(accountId, money, reference, note);
        return ApiResponse.json(posting.created() ? 201 : 200, AdminViews.entry(posting.entry()));
    }

    ApiResponse issueKey(String accountId) {
        ManageApiKeys.IssuedKey issued = keys.issue(accountId);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("key_id", issued.info().keyId());
        view.put("api_key", issued.apiKey());
        return ApiResponse.json(201, view);
    }

    ApiResponse keys(String accountId) {
        return ApiResponse.json(200, Map.of("keys", keys.list(accountId).stream().map(AdminViews::key).toList()));
    }

    ApiResponse revokeKey(String accountId, String keyId) {
        return keys.revoke(accountId, keyId) ? new ApiResponse(204, Map.of(), "")
                : Problems.notFound("Key " + keyId + " of account " + accountId);
    }

    ApiResponse suspend(String accountId, String body) {
        JsonFields fields = JsonFields.parse(body, Set.of("reason"));
        String reason = fields.text("reason");
        fields.check();
        return administer.suspend(accountId, reason).map(a -> ApiResponse.json(200, AdminViews.account(a)))
                .orElseThrow(() -> new LedgerStore.AccountNotFoundException(accountId));
    }

    ApiResponse resume(String accountId) {
        return administer.resume(accountId).map(a -> ApiResponse.json(200, AdminViews.account(a)))
                .orElseThrow(() -> new LedgerStore.AccountNotFoundException(accountId));
    }
}
