package io.voicegate.http;

import io.voicegate.app.AdjustBalance;
import io.voicegate.app.AdministerAccounts;
import io.voicegate.app.ManageApiKeys;
import io.voicegate.app.OpenAccount;
import io.voicegate.app.ReconcileKlingBill;
import io.voicegate.domain.AccountIds;
import io.voicegate.domain.InsufficientBalanceException;
import io.voicegate.domain.ValidationException;
import io.voicegate.domain.kling.KlingException;
import io.voicegate.port.AccountStore;
import io.voicegate.port.LedgerStore;
import io.voicegate.port.StoreBusyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The operators' HTTP API under {@code /admin/…}: accounts, credits and debits, API keys, suspension and the
 * reconciliation against Kling's bill. Only callers API Gateway authorized with AWS IAM (SigV4) reach it; a call
 * without that identity is refused, whatever its headers say, so a client's Bearer key never opens it. Errors are
 * problem+json like the public API's.
 */
public class AdminApi {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);

    /** Methods allowed per admin path, as the document's operations say. */
    static final Map<String, String> ALLOWED = Map.of("/admin/accounts", "GET, POST",
            "/admin/accounts/{account_id}", "GET", "/admin/accounts/{account_id}/credits", "POST",
            "/admin/accounts/{account_id}/debits", "POST", "/admin/accounts/{account_id}/keys", "GET, POST",
            "/admin/accounts/{account_id}/keys/{key_id}", "DELETE", "/admin/accounts/{account_id}/suspend", "POST",
            "/admin/accounts/{account_id}/resume", "POST", "/admin/reconciliation", "GET, POST");

    private final AdminAccountsApi accounts;
    private final AdminReconciliationApi reconciliation;

    public AdminApi(OpenAccount open, AdministerAccounts administer, AdjustBalance adjust, ManageApiKeys keys,
                    AccountStore store, ReconcileKlingBill reconcile) {
        this.accounts = new AdminAccountsApi(open, administer, adjust, keys, store);
        this.reconciliation = new AdminReconciliationApi(reconcile);
    }

    /**
     * @param caller the IAM principal API Gateway authorized (its ARN); empty when the call carries no IAM identity
     */
    public ApiResponse handle(ApiRequest request, Optional<String> caller) {
        if (caller.isEmpty()) {
            return Problems.of(403, "forbidden", "Forbidden",
                    "Admin routes are authorized with AWS IAM (SigV4); this call carries no IAM identity.");
        }
        LOG.info("admin call {} by {}", request.routeKey(), caller.get());
        try {
            return route(request);
        } catch (ValidationException e) {
            return Problems.validation(e.errors());
        } catch (LedgerStore.AccountNotFoundException e) {
            return Problems.notFound("The account");
        } catch (AccountStore.AccountExistsException e) {
            return Problems.of(409, "account-exists", "Account exists", "An account with this id already exists.");
        } catch (LedgerStore.ReferenceReusedException e) {
            return Problems.of(409, "reference-reused", "Reference reused",
                    "This reference was already used for another amount; nothing was changed.");
        } catch (InsufficientBalanceException e) {
            return Problems.of(409, "insufficient-balance", "Insufficient balance",
                    "The debit would take the balance below zero; nothing was changed.");
        } catch (KlingException e) {
            LOG.warn("Kling's bill could not be read: {}", e.getMessage());
            return Problems.of(503, "upstream-unavailable", "Try again later",
                    "Kling's bill could not be read right now; no report was kept.").withHeader("retry-after", "60");
        } catch (StoreBusyException e) {
            LOG.warn("storage busy on {}: {}", request.routeKey(), e.getMessage());
            return Problems.of(503, "temporarily-unavailable", "Try again shortly",
                    "The change could not be recorded right now; nothing was changed.").withHeader("retry-after", "1");
        } catch (RuntimeException e) {
            LOG.error("unexpected failure on {}", request.routeKey(), e);
            return Problems.of(500, "internal-error", "Internal error", "The call could not be completed.");
        }
    }

    private ApiResponse route(ApiRequest request) {
        // A body is read as JSON only when it says it is, as on the public API
        if (request.body() != null && !request.body().isBlank() && !request.declaresJson()) {
            return Problems.unsupportedMediaType();
        }
        String id = request.pathParameter("account_id");
        if (request.pathParameters().containsKey("account_id") && !AccountIds.isWellFormed(id)) {
            throw new LedgerStore.AccountNotFoundException(id);
        }
        if (request.pathParameter("key_id").length() > 64) {
            return Problems.notFound("Key");
        }
        return switch (request.routeKey()) {
            case "POST /admin/accounts" -> accounts.open(request.body());
            case "GET /admin/accounts" -> accounts.list(request);
            case "GET /admin/accounts/{account_id}" -> accounts.show(id);
            case "POST /admin/accounts/{account_id}/credits" -> accounts.adjust(id, request.body(), true);
            case "POST /admin/accounts/{account_id}/debits" -> accounts.adjust(id, request.body(), false);
            case "POST /admin/accounts/{account_id}/keys" -> accounts.issueKey(id);
            case "GET /admin/accounts/{account_id}/keys" -> accounts.keys(id);
            case "DELETE /admin/accounts/{account_id}/keys/{key_id}" ->
                    accounts.revokeKey(id, request.pathParameter("key_id"));
            case "POST /admin/accounts/{account_id}/suspend" -> accounts.suspend(id, request.body());
            case "POST /admin/accounts/{account_id}/resume" -> accounts.resume(id);
            case "POST /admin/reconciliation" -> reconciliation.run(request);
            case "GET /admin/reconciliation" -> reconciliation.show(request);
            default -> methodNotAllowed(request.routeKey().substring(request.routeKey().indexOf(' ') + 1))
                    .orElseGet(() -> Problems.notFound("The resource " + request.path()));
        };
    }

    /** Another method on a known path (its ANY route; HEAD is answered as GET before this): 405 with Allow. */
    private static Optional<ApiResponse> methodNotAllowed(String path) {
        return Optional.ofNullable(ALLOWED.get(path)).map(allowed -> Problems.of(405, "method-not-allowed",
                "Method not allowed", "This resource allows " + allowed + ".").withHeader("allow", allowed));
    }

    static Map<String, Object> page(String name, Object items, Optional<String> next) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(name, items);
        body.put("next_cursor", next.orElse(null));
        return body;
    }

    static RuntimeException badCursor() {
        return ValidationException.of("cursor", "is not a cursor from a previous page of this listing");
    }
}
