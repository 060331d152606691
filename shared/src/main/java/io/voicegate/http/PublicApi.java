package io.voicegate.http;

import io.voicegate.app.Authenticate;
import io.voicegate.app.CancelRequest;
import io.voicegate.app.DeliverFinalRecord;
import io.voicegate.app.ManageAccount;
import io.voicegate.app.ReadRequests;
import io.voicegate.app.ReadStatement;
import io.voicegate.app.RequestLogContext;
import io.voicegate.app.SubmitCommand;
import io.voicegate.app.SubmitRequest;
import io.voicegate.app.SubmitResult;
import io.voicegate.json.JsonBodyDecoder;
import io.voicegate.domain.AccountSuspendedException;
import io.voicegate.app.WaitForRequest;
import io.voicegate.domain.FieldError;
import io.voicegate.domain.IdempotencyConflictException;
import io.voicegate.domain.IdempotencyKeys;
import io.voicegate.domain.IdempotencyInFlightException;
import io.voicegate.domain.InsufficientBalanceException;
import io.voicegate.domain.ModelCatalog;
import io.voicegate.domain.RequestIds;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.Source;
import io.voicegate.domain.ValidationException;
import io.voicegate.domain.Voice;
import io.voicegate.domain.VoiceNameTakenException;
import io.voicegate.port.AccountStore;
import io.voicegate.port.RequestStore;
import io.voicegate.port.StoreBusyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The public HTTP API: authenticates, routes by the API Gateway route key, and maps every failure to one problem
 * response. Bad input is always a 4xx; only our own faults are a 500, and those carry no detail.
 */
public class PublicApi {

    private static final Logger LOG = LoggerFactory.getLogger(PublicApi.class);
    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final int MAX_IDEMPOTENCY_KEY = IdempotencyKeys.MAX_LENGTH;
    public static final int LEDGER_ENTRIES_SHOWN = 20;
    /** Methods allowed per path, answering 405 with {@code Allow} for the others (the template's ANY routes). */
    static final Map<String, String> ALLOWED = Map.ofEntries(Map.entry("/requests", "GET, POST"),
            Map.entry("/requests/{request_id}", "GET"), Map.entry("/requests/{request_id}/cancel", "POST"),
            Map.entry("/requests/{request_id}/deliveries", "GET, POST"),
            Map.entry("/account", "GET"), Map.entry("/account/webhook-secret", "GET"),
            Map.entry("/account/webhook-secret/rotate", "POST"), Map.entry("/voices", "GET"),
            Map.entry("/voices/{voice_id}", "DELETE"), Map.entry("/models", "GET"),
            Map.entry("/models/{model_id}", "GET"), Map.entry("/account/ledger", "GET"),
            Map.entry("/openapi.json", "GET"));

    private static final Pattern BEARER = Pattern.compile("(?i:Bearer) +([A-Za-z0-9._~+/-]+=*)");

    private final Authenticate authenticate;
    private final SubmitRequest submit;
    private final ReadRequests reads;
    private final AccountStore accounts;
    private final ModelCatalog catalog;
    private final AccountApi accountApi;
    private final StatementApi statementApi;
    private final RequestActionsApi actions;

    /**
     * @param statement  {@code GET /account/ledger}
     * @param cancel  {@code POST /requests/{id}/cancel}
     * @param waits   the long-poll of {@code GET /requests/{id}?wait=N}
     * @param deliveries the webhook attempts and re-send of {@code GET|POST /requests/{id}/deliveries}
     */
    public PublicApi(Authenticate authenticate, SubmitRequest submit, ReadRequests reads, AccountStore accounts,
                     ModelCatalog catalog, ManageAccount manage, ReadStatement statement, CancelRequest cancel,
                     WaitForRequest waits, DeliverFinalRecord deliveries) {
        this.actions = new RequestActionsApi(cancel, waits, deliveries);
        this.authenticate = authenticate;
        this.submit = submit;
        this.reads = reads;
        this.accounts = accounts;
        this.catalog = catalog;
        this.accountApi = new AccountApi(manage);
        this.statementApi = new StatementApi(statement);
    }

    public ApiResponse handle(ApiRequest request) {
        try {
            return route(request);
        } catch (ValidationException e) {
            return Problems.validation(e.errors());
        } catch (InsufficientBalanceException e) {
            return Problems.of(402, "insufficient-balance", "Insufficient balance",
                    "Your balance does not cover the pre-charge of this request; nothing was charged.");
        } catch (AccountSuspendedException e) {
            return Problems.of(403, "account-suspended", "Account suspended",
                    "This account is suspended and cannot submit requests; nothing was charged. Reads go on.");
        } catch (VoiceNameTakenException e) {
            return Problems.ofField(409, "voice-name-taken", "Voice name taken", new FieldError("payload.voice_name",
                    "you already have a voice or an open request with this name (names compare after Unicode NFC; "
                    + "case counts); delete that voice or choose another name. Nothing was charged."));
        } catch (IdempotencyConflictException e) {
            return Problems.of(422, "idempotency-key-reused", "Idempotency-Key reused", e.getMessage());
        } catch (IdempotencyInFlightException | RequestStore.ClaimLostException e) {
            return Problems.of(409, "idempotency-key-in-flight", "Request in flight",
                    "A request with this Idempotency-Key is still being processed; retry shortly.")
                    .withHeader("retry-after", "1");
        } catch (StoreBusyException e) {
            LOG.warn("storage busy on {}: {}", request.routeKey(), e.getMessage());
            return busy("The change could not be recorded right now; nothing was changed. Retry after Retry-After "
                    + "seconds.");
        } catch (RuntimeException e) {
            LOG.error("unexpected failure on {}", request.routeKey(), e);
            return Problems.of(500, "internal-error", "Internal error",
                    "The request could not be completed. It is safe to retry with the same Idempotency-Key.");
        }
    }

    private ApiResponse route(ApiRequest request) {
        String routeKey = request.routeKey();
        int space = routeKey.indexOf(' ');
        String path = space < 0 ? "" : routeKey.substring(space + 1);
        if (!ALLOWED.containsKey(path)) {
            return Problems.notFound("The resource " + request.path());
        }
        if (path.equals("/openapi.json")) {
            return routeKey.equals("GET /openapi.json") ? OpenApiDocument.response() : methodNotAllowed(path);
        }
        Optional<String> account = authenticate(request);
        if (account.isEmpty()) {
            boolean presented = request.header("authorization").isPresent();
            return Problems.of(401, "unauthorized", "Unauthorized", presented ? "The API key is not valid."
                    : "Send your API key as 'Authorization: Bearer <key>'.")
                    .withHeader("www-authenticate", presented ? "Bearer error=\"invalid_token\"" : "Bearer");
        }
        String accountId = account.get();
        RequestLogContext.account(accountId);
        return switch (routeKey) {
            case "POST /requests" -> submit(accountId, request);
            case "GET /requests" -> list(accountId, request);
            case "GET /requests/{request_id}" -> request.query("wait").isPresent()
                    ? actions.get(accountId, request.pathParameter("request_id"), request.query("wait"))
                    : request(accountId, request.pathParameter("request_id"));
            case "POST /requests/{request_id}/cancel" -> actions.cancel(accountId, request.pathParameter("request_id"));
            case "GET /requests/{request_id}/deliveries" ->
                    actions.deliveries(accountId, request.pathParameter("request_id"));
            case "POST /requests/{request_id}/deliveries" ->
                    actions.resend(accountId, request.pathParameter("request_id"));
            case "GET /account" -> accounts.snapshot(accountId, LEDGER_ENTRIES_SHOWN)
                    .map(a -> ApiResponse.json(200, Views.account(a)))
                    .orElseGet(() -> Problems.notFound("Your account"));
            case "GET /account/ledger" -> statementApi.statement(accountId, request);
            case "GET /account/webhook-secret" -> accountApi.webhookSecret(accountId);
            case "POST /account/webhook-secret/rotate" -> accountApi.rotateWebhookSecret(accountId);
            case "GET /voices" -> accountApi.voices(accountId);
            case "DELETE /voices/{voice_id}" -> Voice.isPlausibleId(request.pathParameter("voice_id"))
                    ? accountApi.deleteVoice(accountId, request.pathParameter("voice_id"))
                    : Problems.notFound("The voice");
            case "GET /models" -> ApiResponse.json(200, Views.models(catalog));
            case "GET /models/{model_id}" -> catalog.find(request.pathParameter("model_id"))
                    .map(m -> ApiResponse.json(200, Views.model(m)))
                    .orElseGet(() -> Problems.notFound("Model " + request.pathParameter("model_id")));
            default -> methodNotAllowed(path);
        };
    }

    private static ApiResponse methodNotAllowed(String path) {
        return Problems.of(405, "method-not-allowed", "Method not allowed",
                "This resource allows " + ALLOWED.get(path) + ".").withHeader("allow", ALLOWED.get(path));
    }

    private Optional<String> authenticate(ApiRequest request) {
        return request.header("authorization").flatMap(PublicApi::bearerToken).flatMap(authenticate::accountFor);
    }

    /**
     * The token of {@code Bearer <token>} (RFC 6750 §2.1: the scheme, spaces, then a b64token). Anything else, such
     * as a value with control characters, names no key: nothing is trimmed into a valid one.
     */
    static Optional<String> bearerToken(String header) {
        Matcher matcher = BEARER.matcher(header);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** An id that cannot exist is a 404 without a storage call (DynamoDB would refuse an over-long key). */
    private ApiResponse request(String accountId, String requestId) {
        Optional<io.voicegate.domain.Request> found = RequestIds.isWellFormed(requestId)
                ? reads.get(accountId, requestId) : Optional.empty();
        return found.map(r -> ApiResponse.json(200, Views.request(r)))
                .orElseGet(() -> Problems.notFound("The request"));
    }

    private ApiResponse submit(String accountId, ApiRequest request) {
        if (!request.declaresJson()) {
            return Problems.unsupportedMediaType();
        }
        if (!request.bodyIsText()) {
            throw ValidationException.of("body", "is not valid UTF-8 text");
        }
        if (request.body().getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            return Problems.of(413, "body-too-large", "Body too large",
                    "The body must be at most " + MAX_BODY_BYTES + " bytes.");
        }
        Optional<String> key = request.header("idempotency-key");
        Optional<String> keyProblem = key.flatMap(IdempotencyKeys::problem);
        if (keyProblem.isPresent()) {
            throw ValidationException.of("Idempotency-Key", keyProblem.get());
        }
        SubmitResult result;
        try {
            result = submit.submit(new SubmitCommand(accountId, Source.HTTP, JsonBodyDecoder.read(request.body()),
                    key));
        } catch (StoreBusyException e) {
            // a submission's promise when the store is busy is about the charge and the key
            LOG.warn("storage busy on {}: {}", request.routeKey(), e.getMessage());
            return busy("The request could not be recorded right now; nothing was charged and the Idempotency-Key "
                    + "is free. Retry after Retry-After seconds.");
        }
        ApiResponse response = ApiResponse.json(202, Views.request(result.request()))
                .withHeader("location", "/requests/" + result.request().requestId());
        return result.replayed() ? response.withHeader("idempotent-replayed", "true") : response;
    }

    /** 503: the store was busy (a conflict or throttling) and nothing was written; retried after a second. */
    private static ApiResponse busy(String detail) {
        return Problems.of(503, "temporarily-unavailable", "Try again shortly", detail).withHeader("retry-after", "1");
    }

    private ApiResponse list(String accountId, ApiRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Optional<RequestStatus> status = Optional.empty();
        int limit = ReadRequests.DEFAULT_LIMIT;
        try {
            status = request.query("status").map(RequestStatus::fromWire);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("status", "must be one of dispatched, processing, success, failed"));
        }
        try {
            limit = request.query("limit").map(Integer::parseInt).orElse(ReadRequests.DEFAULT_LIMIT);
            if (limit < 1 || limit > ReadRequests.MAX_LIMIT) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            errors.add(new FieldError("limit", "must be a whole number from 1 to " + ReadRequests.MAX_LIMIT));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        RequestStore.Page page;
        try {
            page = reads.list(accountId, status, limit, request.query("cursor"));
        } catch (RequestStore.InvalidCursorException e) {
            throw ValidationException.of("cursor", "is not a cursor from a previous page of this listing");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requests", page.requests().stream().map(Views::request).toList());
        body.put("next_cursor", page.nextCursor().orElse(null));
        return ApiResponse.json(200, body);
    }
}
