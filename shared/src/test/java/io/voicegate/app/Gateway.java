package io.voicegate.app;

import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.CallbackTokens;
import io.voicegate.domain.ModelCatalog;
import io.voicegate.domain.Money;
import io.voicegate.domain.RequestIds;
import io.voicegate.domain.RequeryPlan;
import io.voicegate.domain.SubmissionRules;
import io.voicegate.http.ApiRequest;
import io.voicegate.http.ApiResponse;
import io.voicegate.http.PublicApi;
import io.voicegate.json.JsonBodyDecoder;
import io.voicegate.port.DeadLetters;
import io.voicegate.port.DispatchQueue;
import io.voicegate.port.TaskChecks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The gateway's use cases wired as {@code Wiring} does, on in-memory fakes of every port: a test gives input at the
 * edge and checks the money and records in the fakes.
 */
public class Gateway {

    public static final String ACCOUNT = "acme";
    public static final String API_KEY = "vg_test_key_123";
    public static final long OPENING = 1_000_000;

    public final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    public final InMemoryRequestStore store;
    public final InMemoryAccounts accounts;
    public final ScriptedKling kling = new ScriptedKling(clock);
    public final List<String> dispatched = new ArrayList<>();
    public final List<String> delivered = new ArrayList<>();
    public final List<String> parked = new ArrayList<>();
    public final List<Check> checks = new ArrayList<>();
    /** The long-poll's pauses: each moves the clock instead of waiting, and runs {@link #duringPauses} first. */
    public final List<Duration> pauses = new ArrayList<>();
    public Runnable duringPauses = () -> { };
    public final io.voicegate.port.Sleeper sleeper = duration -> {
        pauses.add(duration);
        duringPauses.run();
        clock.advance(duration);
    };
    public final RequeryPlan plan;
    private final Random random = new Random(7);
    private final java.util.concurrent.atomic.AtomicInteger names = new java.util.concurrent.atomic.AtomicInteger();
    public final InMemoryDeliveryLog deliveryLog = new InMemoryDeliveryLog();
    public final ScriptedWebhooks webhooks = new ScriptedWebhooks();
    /** Accounts' own queues of final records. */
    public final InMemoryRecordQueues recordQueues = new InMemoryRecordQueues();
    public final ModelCatalog catalog = ModelCatalog.standard(Money.ofMicros(70_000), Money.ofMicros(140_000));
    /** The business events every use case below reported. */
    public final RecordingMetrics metrics = new RecordingMetrics();

    /** A scheduled task check: which request, since when it is processing, and when it is due. */
    public record Check(String requestId, Instant since, Instant due) {
    }

    public Gateway() {
        this(RequeryPlan.DEFAULTS);
    }

    public Gateway(RequeryPlan plan) {
        this(plan, new InMemoryRequestStore());
    }

    /** On this store: e.g. one that fails on cue. */
    public Gateway(InMemoryRequestStore store) {
        this(RequeryPlan.DEFAULTS, store);
    }

    private Gateway(RequeryPlan plan, InMemoryRequestStore store) {
        this.plan = plan;
        this.store = store;
        this.accounts = new InMemoryAccounts(store, clock, Duration.ofHours(24));
        accounts.create(ACCOUNT, Money.ofMicros(OPENING), ApiKeys.hash(API_KEY), API_KEY.substring(API_KEY.length() - 4),
                "whsec_dGVzdA==", clock.instant());
    }

    /** The dispatch hints sent with "the task may already exist" (the sweeper's re-sends). */
    public final List<String> taskMayExistHints = new ArrayList<>();

    public DispatchQueue dispatchQueue() {
        return (requestId, taskMayExist) -> {
            dispatched.add(requestId);
            if (taskMayExist) {
                taskMayExistHints.add(requestId);
            }
        };
    }

    public TaskChecks taskChecks() {
        return (requestId, since, delay) -> checks.add(new Check(requestId, since, clock.instant().plus(delay)));
    }

    public SubmitRequest submitRequest() {
        return new SubmitRequest(new SubmissionRules(catalog, false), store, accounts,
                dispatchQueue(), new RequestIds(clock, random), clock, metrics);
    }

    public PublicApi publicApi() {
        return new PublicApi(new Authenticate(accounts, clock), submitRequest(), new ReadRequests(store), accounts,
                catalog, new ManageAccount(accounts, kling, Duration.ofHours(24), clock),
                new ReadStatement(new InMemoryLedger(store)), new CancelRequest(store, clock),
                new WaitForRequest(store, sleeper, clock), deliverFinalRecord());
    }

    public ApiResponse call(String routeKey, String path, Map<String, String> pathParameters,
                            Map<String, String> headers, String body) {
        return publicApi().handle(new ApiRequest(routeKey, path, pathParameters, Map.of(), headers, body));
    }

    public ApiResponse submit(String body, Optional<String> idempotencyKey) {
        Map<String, String> headers = new java.util.HashMap<>(Map.of("authorization", "Bearer " + API_KEY,
                "content-type", "application/json"));
        idempotencyKey.ifPresent(key -> headers.put("idempotency-key", key));
        return call("POST /requests", "/requests", Map.of(), headers, body);
    }

    public AcceptIntakeMessage acceptIntakeMessage() {
        DeadLetters deadLetters = (body, context, reason) -> parked.add(reason);
        return new AcceptIntakeMessage(submitRequest(), accounts, store, accounts, deadLetters,
                clock, metrics);
    }

    /** How long Kling may refuse an admitted request before it fails. */
    public static final Duration DISPATCH_DEADLINE = Duration.ofMinutes(15);

    /** Admission without slots: every request is admitted, and judged by {@link #DISPATCH_DEADLINE}. */
    public KlingAdmission admission() {
        return KlingAdmission.unlimited(DISPATCH_DEADLINE);
    }

    public DispatchRequest dispatchRequest() {
        return dispatchRequest(store, kling, "https://gw.example.com", taskChecks(), admission());
    }

    /** A dispatch worker with these parts, and the rest as {@link #dispatchRequest()} has them. */
    public DispatchRequest dispatchRequest(io.voicegate.port.RequestStore requests, io.voicegate.port.KlingClient klingClient,
                                           String publicBaseUrl, io.voicegate.port.TaskChecks checks,
                                           KlingAdmission admission) {
        return new DispatchRequest(requests, klingClient, new CallbackTokens("test-callback-secret-0123456789abcdef"),
                publicBaseUrl, checks, plan, admission, clock, metrics);
    }

    public ApplyKlingTask applyKlingTask() {
        return new ApplyKlingTask(store, clock);
    }

    public RefreshKlingTask refreshKlingTask() {
        return new RefreshKlingTask(store, new AskKling(kling), applyKlingTask(), taskChecks(), plan, clock);
    }

    public SettleRequest settleRequest() {
        return new SettleRequest(store, delivered::add,
                accountId -> accounts.snapshot(accountId, 1).map(s -> s.balance()), accounts::releaseVoiceName,
                Optional.empty(), catalog, clock, metrics);
    }

    public SweepOpenRequests sweeper() {
        return new SweepOpenRequests(store, refreshKlingTask(), dispatchQueue(), settleRequest(),
                admission(), new SweepOpenRequests.Thresholds(Duration.ofMinutes(2), Duration.ofMinutes(10),
                        Duration.ofMinutes(5)), clock, metrics);
    }

    /** The deliveries parked after a {@code 410 Gone}: request id and reason. */
    public final List<String> goneDeliveries = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Delivery as {@code Wiring} builds it, 3 attempts before the queue parks the message, no jitter randomness. */
    public DeliverFinalRecord deliverFinalRecord() {
        return new DeliverFinalRecord(store, accounts, new io.voicegate.http.JsonFinalRecords(), webhooks,
                recordQueues, deliveryLog,
                new io.voicegate.domain.Backoff(Duration.ofMinutes(1), Duration.ofHours(4)), 3, new Random(7),
                (body, context, reason) -> goneDeliveries.add(body + ": " + reason), clock, metrics);
    }

    /** The retry delays the batches asked for, in order. */
    public final List<Duration> delays = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Kling's bill, as the daily reconciliation reads it: empty unless a test adds lines. */
    public final List<io.voicegate.domain.reconciliation.BilledTask> bill = new ArrayList<>();
    public final InMemoryReconciliationReports reports = new InMemoryReconciliationReports();

    public io.voicegate.port.MessageDelays messageDelays() {
        return (receiptHandle, delay) -> delays.add(delay);
    }

    /** The dispatch queue's batch as {@code Wiring} builds it: dispatches and scheduled task checks. */
    public io.voicegate.lambda.RequestMessageBatch dispatchBatch() {
        return io.voicegate.lambda.RequestMessageBatch.dispatch(dispatchRequest(), refreshKlingTask(),
                messageDelays(), io.voicegate.domain.Backoff.DISPATCH, new Random(7));
    }

    /** The delivery queue's batch as {@code Wiring} builds it. */
    public io.voicegate.lambda.RequestMessageBatch deliveryBatch() {
        return io.voicegate.lambda.RequestMessageBatch.delivery(deliverFinalRecord(), messageDelays());
    }

    public io.voicegate.http.KlingCallbackApi klingCallbackApi() {
        return new io.voicegate.http.KlingCallbackApi(receiveKlingCallback());
    }

    /** The daily reconciliation against {@link #bill}, keeping its reports in {@link #reports}. */
    public ReconcileKlingBill reconcileKlingBill() {
        return new ReconcileKlingBill((from, to, cursor) -> new io.voicegate.port.KlingBill.BillPage(bill.stream()
                .filter(b -> !b.deductedAt().isBefore(from) && b.deductedAt().isBefore(to)).toList(),
                Optional.empty()), accounts, new InMemoryChargeRecords(store), reports, clock, metrics);
    }

    /** The operators' API as {@code Wiring} builds it, on the fakes. */
    public io.voicegate.http.AdminApi adminApi() {
        return new io.voicegate.http.AdminApi(new OpenAccount(accounts, clock), new AdministerAccounts(accounts, clock),
                new AdjustBalance(new InMemoryLedger(store), clock), new ManageApiKeys(accounts, accounts, clock),
                accounts, reconcileKlingBill());
    }

    public ReceiveKlingCallback receiveKlingCallback() {
        return new ReceiveKlingCallback(new CallbackTokens("test-callback-secret-0123456789abcdef"),
                Optional::empty, true, store, new AskKling(kling),
                applyKlingTask(), clock);
    }

    public String callbackToken(String requestId) {
        return new CallbackTokens("test-callback-secret-0123456789abcdef").tokenFor(requestId);
    }

    /** A valid submission body with this voice name. */
    public static String body(String voiceName) {
        return "{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_name\":\"" + voiceName
                + "\",\"voice_url\":\"https://cdn.example.com/ada.mp3\"}}";
    }

    /** Submits one valid request over HTTP and returns its id. */
    public String submitted() {
        return submitRequest().submit(new SubmitCommand(ACCOUNT, io.voicegate.domain.Source.HTTP,
                JsonBodyDecoder.read(body("ada" + names.incrementAndGet())),
                Optional.empty())).request().requestId();
    }

    /** Submits and dispatches one request, which Kling accepts; returns its id. */
    public String processing() {
        String id = submitted();
        dispatchRequest().dispatch(id, false);
        return id;
    }

    /** Submits a request whose Kling task succeeded with these units, applied and not settled yet; returns its id. */
    public String succeededWith(String units) {
        kling.units = units;
        kling.taskTime = Duration.ofSeconds(1);
        String id = processing();
        clock.advance(Duration.ofSeconds(10));
        refreshKlingTask().refresh(store.find(id).orElseThrow(), clock.instant());
        return id;
    }

    /** Runs every scheduled check that is due by {@code until}, in time order, moving the clock to each. */
    public void runChecksUntil(Instant until, java.util.function.Predicate<String> stop) {
        while (true) {
            Optional<Check> next = checks.stream().min(java.util.Comparator.comparing(Check::due));
            if (next.isEmpty() || next.get().due().isAfter(until)) {
                return;
            }
            checks.remove(next.get());
            clock.set(next.get().due());
            refreshKlingTask().check(next.get().requestId(), next.get().since());
            if (stop.test(next.get().requestId())) {
                return;
            }
        }
    }

    /** Every call made to the request store and the account lookups, so a test can prove none was made. */
    public int storageCalls() {
        return store.calls.get();
    }
}
