package io.voicegate.config;

import io.voicegate.adapter.dynamodb.DynamoAccountDirectory;
import io.voicegate.adapter.dynamodb.DynamoAccountStore;
import io.voicegate.adapter.dynamodb.DynamoApiKeys;
import io.voicegate.adapter.dynamodb.DynamoChargeRecords;
import io.voicegate.adapter.dynamodb.DynamoLedger;
import io.voicegate.adapter.dynamodb.DynamoReconciliationReports;
import io.voicegate.adapter.dynamodb.DynamoDeliveryLog;
import io.voicegate.adapter.dynamodb.DynamoRequestStore;
import io.voicegate.adapter.kling.HttpKlingBill;
import io.voicegate.adapter.kling.HttpKlingClient;
import io.voicegate.adapter.kling.JsonKlingTaskDecoder;
import io.voicegate.adapter.kling.KlingCredentials;
import io.voicegate.adapter.sqs.SqsDeadLetters;
import io.voicegate.adapter.sqs.SqsRecordQueues;
import io.voicegate.adapter.webhook.SafeWebhookSender;
import io.voicegate.adapter.sqs.SqsRequestQueue;
import io.voicegate.adapter.sqs.SqsMessageDelays;
import io.voicegate.app.AcceptIntakeMessage;
import io.voicegate.app.AdjustBalance;
import io.voicegate.app.AdministerAccounts;
import io.voicegate.app.ApplyKlingTask;
import io.voicegate.app.DeliverFinalRecord;
import io.voicegate.app.Authenticate;
import io.voicegate.app.CancelRequest;
import io.voicegate.app.WaitForRequest;
import io.voicegate.app.DispatchRequest;
import io.voicegate.app.ManageAccount;
import io.voicegate.app.ManageApiKeys;
import io.voicegate.app.OpenAccount;
import io.voicegate.app.ReadRequests;
import io.voicegate.app.ReadStatement;
import io.voicegate.app.ReconcileKlingBill;
import io.voicegate.app.ReceiveKlingCallback;
import io.voicegate.app.ReconcileRequest;
import io.voicegate.app.RefreshKlingTask;
import io.voicegate.app.SubmitRequest;
import io.voicegate.app.SweepOpenRequests;
import io.voicegate.domain.Backoff;
import io.voicegate.domain.CallbackTokens;
import io.voicegate.domain.ModelCatalog;
import io.voicegate.domain.RequestIds;
import io.voicegate.domain.SubmissionRules;
import io.voicegate.http.AdminApi;
import io.voicegate.http.JsonFinalRecords;
import io.voicegate.http.KlingCallbackApi;
import io.voicegate.http.PublicApi;
import io.voicegate.json.JsonBodyDecoder;
import io.voicegate.lambda.RequestMessageBatch;
import io.voicegate.port.AccountStore;
import io.voicegate.port.DeadLetters;
import io.voicegate.port.KlingClient;
import io.voicegate.port.Sleeper;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds use cases from {@link Config}: the production wiring, used unchanged by the local stack (only the endpoint
 * and names in the environment differ). No DI framework, so nothing reflective runs at cold start. Each adapter
 * (store, queue, Kling client with its HTTP client and token cache) is built once per execution environment and
 * shared by every use case that needs it; use cases are cheap and built on each call.
 */
public final class Wiring {

    private final Config config;
    private final AwsClients aws;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** The adapters built so far, by name. */
    private final Map<String, Object> adapters = new HashMap<>();

    public Wiring(Config config, Clock clock) {
        this.config = config;
        this.aws = new AwsClients(config);
        this.clock = clock;
    }

    /** The adapter {@code name}, built by {@code build} on first use; later calls return that same instance. */
    private synchronized <T> T once(String name, Supplier<T> build) {
        Object adapter = adapters.get(name);
        if (adapter == null) {
            adapter = build.get();
            adapters.put(name, adapter);
        }
        @SuppressWarnings("unchecked")
        T typed = (T) adapter;
        return typed;
    }

    public static Wiring fromEnv() {
        return new Wiring(Config.fromEnv(System.getenv()), Clock.systemUTC());
    }

    public Config config() {
        return config;
    }

    public ModelCatalog catalog() {
        return ModelCatalog.standard(config.hold(), config.pricePerUnit());
    }

    public DynamoRequestStore requestStore() {
        return once("requestStore", () -> new DynamoRequestStore(aws.dynamo(), config.require(Config.REQUESTS_TABLE),
                config.require(Config.ACCOUNTS_TABLE)));
    }

    public DynamoAccountStore accountStore() {
        return once("accountStore", () -> new DynamoAccountStore(aws.dynamo(), config.require(Config.ACCOUNTS_TABLE),
                config.idempotencyRetention(), clock));
    }

    public SubmitRequest submitRequest() {
        return new SubmitRequest(new JsonBodyDecoder(), new SubmissionRules(catalog(), config.allowInsecureWebhooks()),
                requestStore(), accountStore(), dispatchQueue(), new RequestIds(clock, random), clock);
    }

    public PublicApi publicApi() {
        DynamoAccountStore accounts = accountStore();
        return new PublicApi(new Authenticate(apiKeys(), clock), submitRequest(), new ReadRequests(requestStore()),
                accounts, catalog(), new ManageAccount(accounts, klingClient(), config.webhookSecretGrace(), clock),
                new ReadStatement(ledger()), new CancelRequest(requestStore(), clock),
                new WaitForRequest(requestStore(), Sleeper.THREAD, clock), deliverFinalRecord());
    }

    public AcceptIntakeMessage acceptIntakeMessage() {
        DynamoAccountStore accounts = accountStore();
        return new AcceptIntakeMessage(submitRequest(), accounts, requestStore(), accounts,
                once("intakeDeadLetters", () -> new SqsDeadLetters(aws.sqs(), config.require(Config.INTAKE_DLQ_URL))),
                new JsonBodyDecoder(), clock);
    }

    /** Kling's client: an API key if configured, otherwise JWTs from the access key / secret key pair. */
    public KlingClient klingClient() {
        return once("klingClient", () -> {
            URI base = config.optional(Config.KLING_BASE_URL).map(URI::create)
                    .orElse(HttpKlingClient.DEFAULT_BASE_URI);
            return new HttpKlingClient(base, klingCredentials(),
                    config.millis(Config.KLING_CONNECT_TIMEOUT_MS, HttpKlingClient.DEFAULT_CONNECT_TIMEOUT),
                    config.millis(Config.KLING_REQUEST_TIMEOUT_MS, HttpKlingClient.DEFAULT_REQUEST_TIMEOUT));
        });
    }

    /** One set of credentials (and so one cached JWT) for the client and the bill. */
    private KlingCredentials klingCredentials() {
        return once("klingCredentials", () -> config.optional(Config.KLING_API_KEY).map(KlingCredentials::apiKey)
                .orElseGet(() -> KlingCredentials.accessKey(config.require(Config.KLING_ACCESS_KEY),
                        config.require(Config.KLING_SECRET_KEY), clock)));
    }

    public CallbackTokens callbackTokens() {
        return once("callbackTokens", () -> new CallbackTokens(config.require(Config.CALLBACK_SECRET)));
    }

    private SqsRequestQueue dispatchQueue() {
        return once("dispatchQueue", () -> new SqsRequestQueue(aws.sqs(), config.require(Config.DISPATCH_QUEUE_URL)));
    }

    private SqsRequestQueue deliveryQueue() {
        return once("deliveryQueue", () -> new SqsRequestQueue(aws.sqs(), config.require(Config.DELIVERY_QUEUE_URL)));
    }

    public DispatchRequest dispatchRequest() {
        return new DispatchRequest(requestStore(), klingClient(), callbackTokens(),
                config.require(Config.PUBLIC_BASE_URL), config.dispatchDeadline(), dispatchQueue(),
                config.requeryPlan(), clock);
    }

    /** Re-queries of accepted tasks on the re-query schedule, and the processing deadline. */
    public RefreshKlingTask refreshKlingTask() {
        return new RefreshKlingTask(requestStore(), klingClient(), applyKlingTask(), dispatchQueue(),
                config.requeryPlan(), clock);
    }

    /**
     * The dispatch queue carries dispatches and the scheduled task checks. Dispatch retries: 2 seconds doubling to
     * 5 minutes, fully jittered, until the dispatch deadline.
     */
    public RequestMessageBatch dispatchBatch() {
        DispatchRequest dispatch = dispatchRequest();
        RefreshKlingTask refresh = refreshKlingTask();
        return new RequestMessageBatch("dispatch", (message, mayExist) -> {
            if (message.checkSince().isPresent()) {
                refresh.check(message.requestId(), message.checkSince().get());
                return false;
            }
            return dispatch.dispatch(message.requestId(), mayExist) == DispatchRequest.Result.RETRY;
        },
                once("dispatchDelays", () -> new SqsMessageDelays(aws.sqs(),
                        config.require(Config.DISPATCH_QUEUE_URL))),
                new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5)), random);
    }

    public ApplyKlingTask applyKlingTask() {
        return new ApplyKlingTask(requestStore(), clock);
    }

    public KlingCallbackApi klingCallbackApi() {
        return new KlingCallbackApi(new ReceiveKlingCallback(callbackTokens(),
                config.optional(Config.KLING_WEBHOOK_SECRET), config.requeryKling(), requestStore(), klingClient(),
                new JsonKlingTaskDecoder(), applyKlingTask(), clock));
    }

    public ReconcileRequest reconcileRequest() {
        DynamoAccountStore accounts = accountStore();
        return new ReconcileRequest(requestStore(), deliveryQueue(),
                accountId -> accounts.snapshot(accountId, 1).map(AccountStore.AccountSnapshot::balance),
                accounts::releaseVoiceName, config.pricePerUnit(), clock);
    }

    public SweepOpenRequests sweepOpenRequests() {
        SweepOpenRequests.Thresholds thresholds = new SweepOpenRequests.Thresholds(
                config.seconds(Config.SWEEP_PROCESSING_AFTER_SECONDS, Duration.ofMinutes(2)),
                config.seconds(Config.SWEEP_REDISPATCH_AFTER_SECONDS, Duration.ofMinutes(10)),
                config.dispatchDeadline(),
                config.seconds(Config.UNSETTLED_AFTER_SECONDS, Duration.ofMinutes(5)));
        return new SweepOpenRequests(requestStore(), refreshKlingTask(), dispatchQueue(), reconcileRequest(),
                thresholds, clock);
    }

    public DeliverFinalRecord deliverFinalRecord() {
        DynamoAccountStore accounts = accountStore();
        return new DeliverFinalRecord(requestStore(), accounts, new JsonFinalRecords(),
                once("webhookSender", () -> new SafeWebhookSender(config.allowInsecureWebhooks())),
                once("recordQueues", () -> new SqsRecordQueues(aws.sqs())),
                once("deliveryLog", () -> new DynamoDeliveryLog(aws.dynamo(), config.require(Config.ACCOUNTS_TABLE))),
                DELIVERY_BACKOFF, config.optional(DELIVERY_MAX_ATTEMPTS).map(Integer::parseInt).orElse(18), random,
                // the delivery function parks a 410 there; the API's manual re-sends never park, and need no queue
                once("deliveryDeadLetters", () -> config.optional(Config.DELIVERY_DLQ_URL)
                        .<DeadLetters>map(url -> new SqsDeadLetters(aws.sqs(), url))
                        .orElse(DeliverFinalRecord.NO_PARKING)), clock);
    }

    /** Environment variable: the delivery queue's {@code maxReceiveCount} (the template sets both; default 18). */
    public static final String DELIVERY_MAX_ATTEMPTS = "DELIVERY_MAX_ATTEMPTS";
    /** Delivery retries for about a day: 1 minute doubling to 4 hours, fully jittered, 18 attempts. */
    private static final Backoff DELIVERY_BACKOFF = new Backoff(Duration.ofMinutes(1), Duration.ofHours(4));

    /**
     * Each attempt's retry delay is chosen by the use case, so the attempt's record can announce when the next is due.
     */
    public RequestMessageBatch deliveryBatch() {
        DeliverFinalRecord deliver = deliverFinalRecord();
        return new RequestMessageBatch("delivery", (message, receives) -> {
            DeliverFinalRecord.Delivery delivery = deliver.deliver(message.requestId(), receives);
            return delivery.result() == DeliverFinalRecord.Result.RETRY
                    ? Optional.of(delivery.retryIn().orElse(Duration.ofMinutes(1))) : Optional.<Duration>empty();
        }, once("deliveryDelays", () -> new SqsMessageDelays(aws.sqs(), config.require(Config.DELIVERY_QUEUE_URL))));
    }

    public OpenAccount openAccount() {
        return new OpenAccount(accountStore(), clock);
    }

    public DynamoLedger ledger() {
        return once("ledger", () -> new DynamoLedger(aws.dynamo(), config.require(Config.ACCOUNTS_TABLE)));
    }

    public DynamoApiKeys apiKeys() {
        return once("apiKeys", () -> new DynamoApiKeys(aws.dynamo(), config.require(Config.ACCOUNTS_TABLE)));
    }

    public DynamoAccountDirectory accountDirectory() {
        return once("accountDirectory", () -> new DynamoAccountDirectory(aws.dynamo(),
                config.require(Config.ACCOUNTS_TABLE)));
    }

    /** Kling's own bill (per-task unit deductions), with the same credentials and timeouts as the client. */
    public ReconcileKlingBill reconcileKlingBill() {
        HttpKlingBill bill = once("klingBill", () -> new HttpKlingBill(config.optional(Config.KLING_BASE_URL)
                .map(URI::create).orElse(HttpKlingClient.DEFAULT_BASE_URI), klingCredentials(),
                config.millis(Config.KLING_CONNECT_TIMEOUT_MS, HttpKlingClient.DEFAULT_CONNECT_TIMEOUT),
                config.millis(Config.KLING_REQUEST_TIMEOUT_MS, HttpKlingClient.DEFAULT_REQUEST_TIMEOUT)));
        return new ReconcileKlingBill(bill, accountDirectory(),
                once("chargeRecords", () -> new DynamoChargeRecords(aws.dynamo(),
                        config.require(Config.REQUESTS_TABLE))),
                once("reconciliationReports", () -> new DynamoReconciliationReports(aws.dynamo(),
                        config.require(Config.ACCOUNTS_TABLE))), clock);
    }

    /** The operators' API (admin routes, IAM-authorized). */
    public AdminApi adminApi() {
        DynamoAccountDirectory directory = accountDirectory();
        return new AdminApi(openAccount(), new AdministerAccounts(directory, clock),
                new AdjustBalance(ledger(), clock), new ManageApiKeys(apiKeys(), directory, clock), accountStore(),
                reconcileKlingBill());
    }
}
