package io.voicegate.config;

import io.voicegate.adapter.dynamodb.DynamoAccountDirectory;
import io.voicegate.adapter.dynamodb.DynamoAccountStore;
import io.voicegate.adapter.dynamodb.DynamoApiKeys;
import io.voicegate.adapter.dynamodb.DynamoChargeRecords;
import io.voicegate.adapter.dynamodb.DynamoLedger;
import io.voicegate.adapter.dynamodb.DynamoReconciliationReports;
import io.voicegate.adapter.dynamodb.DynamoDeliveryLog;
import io.voicegate.adapter.dynamodb.DynamoKlingSlots;
import io.voicegate.adapter.dynamodb.DynamoRequestStore;
import io.voicegate.adapter.kling.HttpKlingBill;
import io.voicegate.adapter.kling.HttpKlingClient;
import io.voicegate.adapter.kling.KlingCredentials;
import io.voicegate.adapter.metrics.EmfMetrics;
import io.voicegate.adapter.sqs.SqsDeadLetters;
import io.voicegate.adapter.sqs.SqsRecordQueues;
import io.voicegate.adapter.webhook.SafeWebhookSender;
import io.voicegate.adapter.sqs.SqsRequestQueue;
import io.voicegate.adapter.sqs.SqsMessageDelays;
import io.voicegate.app.AcceptIntakeMessage;
import io.voicegate.app.AdjustBalance;
import io.voicegate.app.AdministerAccounts;
import io.voicegate.app.ApplyKlingTask;
import io.voicegate.app.AskKling;
import io.voicegate.app.DeliverFinalRecord;
import io.voicegate.app.Authenticate;
import io.voicegate.app.CancelRequest;
import io.voicegate.app.WaitForRequest;
import io.voicegate.app.DispatchRequest;
import io.voicegate.app.KlingAdmission;
import io.voicegate.app.ManageAccount;
import io.voicegate.app.ManageApiKeys;
import io.voicegate.app.OpenAccount;
import io.voicegate.app.ReadRequests;
import io.voicegate.app.ReadStatement;
import io.voicegate.app.ReconcileKlingBill;
import io.voicegate.app.ReceiveKlingCallback;
import io.voicegate.app.SettleRequest;
import io.voicegate.app.SlotReleasingRequests;
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
import io.voicegate.json.Json;
import io.voicegate.json.JsonBodyDecoder;
import io.voicegate.lambda.RequestMessageBatch;
import io.voicegate.port.AccountStore;
import io.voicegate.port.DeadLetters;
import io.voicegate.port.KlingClient;
import io.voicegate.port.Metrics;
import io.voicegate.port.RequestStore;
import io.voicegate.port.SlotWaits;
import io.voicegate.port.Sleeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
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

    private static final Logger LOG = LoggerFactory.getLogger(Wiring.class);
    /** A request id of the right shape that no request has (the ids made here carry a timestamp; this one is 0). */
    private static final String PRIMING_REQUEST_ID = "00000000-0000-7000-8000-000000000000";
    private static final String PRIMING_BODY = "{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_name\":"
            + "\"ada\",\"voice_url\":\"https://cdn.example.com/samples/ada.mp3\"},\"webhook\":{\"url\":"
            + "\"https://client.example.com/hooks/voice\"}}";

    private final Config config;
    private final AwsClients aws;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Metrics metrics;
    private final Secrets secrets;
    /** The adapters built so far, by name. */
    private final Map<String, Object> adapters = new HashMap<>();

    /** Without metrics ({@link Metrics#NONE}). */
    public Wiring(Config config, Clock clock) {
        this(config, clock, Metrics.NONE, List.of());
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

    /**
     * @param metrics      this function's business metrics, shared by its use cases and flushed by its handler
     * @param interceptors attached to every AWS SDK client this wiring builds (none in AWS; the local stack may attach
     *                     some to observe the calls, e.g. to count them)
     */
    public Wiring(Config config, Clock clock, Metrics metrics, List<ExecutionInterceptor> interceptors) {
        this.config = config;
        this.aws = new AwsClients(config, interceptors);
        this.clock = clock;
        this.metrics = metrics;
        this.secrets = new Secrets(config, names -> aws.ssmParameters().values(names));
    }

    /** In Lambda: the environment's configuration, and metrics in CloudWatch's embedded metric format. */
    public static Wiring fromEnv() {
        return new Wiring(Config.fromEnv(System.getenv()), Clock.systemUTC(), new EmfMetrics(), List.of());
    }

    /** What the handler flushes once per invocation. */
    public Metrics metrics() {
        return metrics;
    }

    public Config config() {
        return config;
    }

    /** The secrets every use case here reads; {@link Secrets#refresh()} after a SnapStart restore. */
    public Secrets secrets() {
        return secrets;
    }

    /** What a priming step that failed logs (at WARN, with the step and the error); the cold-start bench looks for it. */
    public static final String PRIMING_INCOMPLETE = "SnapStart priming incomplete";

    /**
     * SnapStart's checkpoint: builds the SDK clients and runs what a first request runs, so that a function restored
     * from the snapshot starts warm. Four steps, each on its own so that one failing leaves the others done: one
     * strongly consistent {@code GetItem} of a request id no request has, through the production adapter (request
     * signing, the HTTP stack, the JSON protocol, the item mapping); every other kind of call, answered without a
     * network ({@link CallPriming}); a JSON round trip of a submission body; and a metrics document serialized, not
     * published. Nothing is written; a failure is logged ({@value #PRIMING_INCOMPLETE}) and the snapshot is taken
     * all the same.
     */
    public void prime() {
        primingStep("the read", () -> {
            aws.sqs();
            requestStore().find(PRIMING_REQUEST_ID);
        });
        primingStep("the calls", () -> CallPriming.run(config));
        primingStep("JSON", () -> Json.write(JsonBodyDecoder.decode(PRIMING_BODY)));
        if (metrics instanceof EmfMetrics emf) {
            primingStep("metrics", emf::prime);
        }
    }

    private static void primingStep(String step, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.warn("{} ({}): {}", PRIMING_INCOMPLETE, step, e.toString());
        }
    }

    /**
     * After a SnapStart restore: every environment restored from one snapshot starts with the same memory, so the
     * random generator behind request ids, API keys and retry jitter gets fresh entropy of its own, and secrets are
     * read again ({@link #refreshSecrets()}).
     */
    public void afterRestore() {
        random.setSeed(new SecureRandom().generateSeed(32));
        refreshSecrets();
    }

    /**
     * Secrets kept in SSM Parameter Store are read again after a restore, so that none is baked into the snapshot and
     * a rotation reaches restored functions.
     */
    private void refreshSecrets() {
        secrets.refresh();
    }

    public ModelCatalog catalog() {
        return ModelCatalog.standard(config.hold(), config.pricePerUnit());
    }

    public DynamoRequestStore requestStore() {
        return once("requestStore", () -> new DynamoRequestStore(aws.dynamo(), config.require(Config.REQUESTS_TABLE),
                config.require(Config.ACCOUNTS_TABLE)));
    }

    /**
     * The request store of the use cases that end requests (dispatch, callbacks, re-queries, the sweeper, cancel):
     * the write that ends a request gives back its Kling slot.
     */
    public RequestStore endingRequests() {
        return once("endingRequests", () -> new SlotReleasingRequests(requestStore(), klingAdmission()));
    }

    public DynamoAccountStore accountStore() {
        return once("accountStore", () -> new DynamoAccountStore(aws.dynamo(), config.require(Config.ACCOUNTS_TABLE),
                config.idempotencyRetention(), clock));
    }

    public SubmitRequest submitRequest() {
        return new SubmitRequest(new SubmissionRules(catalog(), config.allowInsecureWebhooks()),
                requestStore(), accountStore(), dispatchQueue(), new RequestIds(clock, random), clock, metrics);
    }

    public PublicApi publicApi() {
        DynamoAccountStore accounts = accountStore();
        return new PublicApi(new Authenticate(apiKeys(), clock), submitRequest(), new ReadRequests(requestStore()),
                accounts, catalog(), new ManageAccount(accounts, klingClient(), config.webhookSecretGrace(), clock),
                new ReadStatement(ledger()), new CancelRequest(endingRequests(), clock),
                new WaitForRequest(requestStore(), Sleeper.THREAD, clock), deliverFinalRecord());
    }

    public AcceptIntakeMessage acceptIntakeMessage() {
        DynamoAccountStore accounts = accountStore();
        return new AcceptIntakeMessage(submitRequest(), accounts, requestStore(), accounts,
                once("intakeDeadLetters", () -> new SqsDeadLetters(aws.sqs(), config.require(Config.INTAKE_DLQ_URL))),
                clock, metrics);
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

    /**
     * One set of credentials (and so one cached JWT) for the client and the bill.
     *
     * @throws IllegalStateException at the cold start (unless SnapStart defers the secrets) when none are given
     */
    private KlingCredentials klingCredentials() {
        return once("klingCredentials", () -> {
            KlingCredentials credentials = KlingCredentials.fromSecrets(
                    secrets.optionalSupplier(Config.KLING_API_KEY), secrets.optionalSupplier(Config.KLING_ACCESS_KEY),
                    secrets.optionalSupplier(Config.KLING_SECRET_KEY), clock);
            if (!secrets.deferred() && secrets.optional(Config.KLING_API_KEY).isEmpty()) {
                secrets.require(Config.KLING_ACCESS_KEY);
                secrets.require(Config.KLING_SECRET_KEY);
            }
            return credentials;
        });
    }

    public CallbackTokens callbackTokens() {
        return once("callbackTokens", () -> new CallbackTokens(secrets.required(Config.CALLBACK_SECRET)));
    }

    private SqsRequestQueue dispatchQueue() {
        return once("dispatchQueue", () -> new SqsRequestQueue(aws.sqs(), config.require(Config.DISPATCH_QUEUE_URL)));
    }

    private SqsRequestQueue deliveryQueue() {
        return once("deliveryQueue", () -> new SqsRequestQueue(aws.sqs(), config.require(Config.DELIVERY_QUEUE_URL)));
    }

    public DispatchRequest dispatchRequest() {
        return new DispatchRequest(endingRequests(), klingClient(), callbackTokens(),
                config.require(Config.PUBLIC_BASE_URL), dispatchQueue(),
                config.requeryPlan(), klingAdmission(), clock, metrics);
    }

    /**
     * A slot's lease outlasts the longest a request can hold it: Kling refusing it until the dispatch deadline, then
     * its task running until the processing deadline (failed by the sweeper, which runs every minute); with room.
     */
    static final Duration SLOT_LEASE_MARGIN = Duration.ofMinutes(5);

    /**
     * The deployment's Kling task slots ({@code KLING_MAX_TASKS}, {@code QUEUE_TIMEOUT_SECONDS}): taken by the
     * dispatch worker, given back by the write that ends a request ({@link #endingRequests()}), read by the sweeper.
     * Only the dispatch worker waits, in the dispatch queue.
     */
    public KlingAdmission klingAdmission() {
        return once("klingAdmission", () -> {
            Duration lease = config.dispatchDeadline().plus(config.requeryPlan().processingDeadline())
                    .plus(SLOT_LEASE_MARGIN);
            SlotWaits waits = config.optional(Config.DISPATCH_QUEUE_URL)
                    .<SlotWaits>map(url -> new SqsRequestQueue(aws.sqs(), url))
                    .orElse((requestId, delay) -> {
                        throw new IllegalStateException("this function has no dispatch queue to wait in");
                    });
            return new KlingAdmission(new DynamoKlingSlots(aws.dynamo(), config.require(Config.ACCOUNTS_TABLE)),
                    KlingAdmission.Policy.of(config.klingMaxTasks(), config.queueTimeout(),
                            config.dispatchDeadline(), lease), waits,
                    Sleeper.THREAD, random, clock);
        });
    }

    /** Re-queries of accepted tasks on the re-query schedule, and the processing deadline. */
    public RefreshKlingTask refreshKlingTask() {
        return new RefreshKlingTask(endingRequests(), new AskKling(klingClient()), applyKlingTask(), dispatchQueue(),
                config.requeryPlan(), clock);
    }

    /**
     * The dispatch queue carries dispatches and the scheduled task checks; dispatch retries wait by
     * {@link Backoff#DISPATCH}, fully jittered, until the dispatch deadline.
     */
    public RequestMessageBatch dispatchBatch() {
        return RequestMessageBatch.dispatch(dispatchRequest(), refreshKlingTask(),
                once("dispatchDelays", () -> new SqsMessageDelays(aws.sqs(),
                        config.require(Config.DISPATCH_QUEUE_URL))),
                Backoff.DISPATCH, random);
    }

    public ApplyKlingTask applyKlingTask() {
        return new ApplyKlingTask(endingRequests(), clock);
    }

    public KlingCallbackApi klingCallbackApi() {
        return new KlingCallbackApi(new ReceiveKlingCallback(callbackTokens(),
                secrets.optionalSupplier(Config.KLING_WEBHOOK_SECRET), config.requeryKling(), requestStore(),
                new AskKling(klingClient()), applyKlingTask(), clock));
    }

    public SettleRequest settleRequest() {
        DynamoAccountStore accounts = accountStore();
        return new SettleRequest(requestStore(), deliveryQueue(),
                accountId -> accounts.snapshot(accountId, 1).map(AccountStore.AccountSnapshot::balance),
                accounts::releaseVoiceName, Optional.of(new JsonFinalRecords()), catalog(), clock,
                metrics);
    }

    public SweepOpenRequests sweepOpenRequests() {
        SweepOpenRequests.Thresholds thresholds = new SweepOpenRequests.Thresholds(
                config.seconds(Config.SWEEP_PROCESSING_AFTER_SECONDS, Duration.ofMinutes(2)),
                config.seconds(Config.SWEEP_REDISPATCH_AFTER_SECONDS, Duration.ofMinutes(10)),
                config.seconds(Config.UNSETTLED_AFTER_SECONDS, Duration.ofMinutes(5)));
        return new SweepOpenRequests(endingRequests(), refreshKlingTask(), dispatchQueue(), settleRequest(),
                klingAdmission(), thresholds, clock, metrics);
    }

    public DeliverFinalRecord deliverFinalRecord() {
        DynamoAccountStore accounts = accountStore();
        return new DeliverFinalRecord(requestStore(), accounts, new JsonFinalRecords(),
                once("webhookSender", () -> new SafeWebhookSender(config.allowInsecureWebhooks())),
                once("recordQueues", () -> new SqsRecordQueues(aws.sqs())),
                once("deliveryLog", () -> new DynamoDeliveryLog(aws.dynamo(), config.require(Config.ACCOUNTS_TABLE))),
                Backoff.DELIVERY, config.optional(DELIVERY_MAX_ATTEMPTS).map(Integer::parseInt).orElse(18), random,
                // the delivery function parks a 410 there; the API's manual re-sends never park, and need no queue
                once("deliveryDeadLetters", () -> config.optional(Config.DELIVERY_DLQ_URL)
                        .<DeadLetters>map(url -> new SqsDeadLetters(aws.sqs(), url))
                        .orElse(DeliverFinalRecord.NO_PARKING)), clock, metrics);
    }

    /** Environment variable: the delivery queue's {@code maxReceiveCount} (the template sets both; default 18). */
    public static final String DELIVERY_MAX_ATTEMPTS = "DELIVERY_MAX_ATTEMPTS";

    /**
     * Each attempt's retry delay is chosen by the use case, so the attempt's record can announce when the next is due.
     */
    public RequestMessageBatch deliveryBatch() {
        return RequestMessageBatch.delivery(deliverFinalRecord(), once("deliveryDelays",
                () -> new SqsMessageDelays(aws.sqs(), config.require(Config.DELIVERY_QUEUE_URL))));
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
                        config.require(Config.ACCOUNTS_TABLE))), clock, metrics);
    }

    /** The operators' API (admin routes, IAM-authorized). */
    public AdminApi adminApi() {
        DynamoAccountDirectory directory = accountDirectory();
        return new AdminApi(openAccount(), new AdministerAccounts(directory, clock),
                new AdjustBalance(ledger(), clock), new ManageApiKeys(apiKeys(), directory, clock), accountStore(),
                reconcileKlingBill());
    }
}
