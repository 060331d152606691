package io.voicegate.local.kling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.voicegate.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kling's custom-voice API on 127.0.0.1, for tests and the local stack: the endpoints, the envelope, the JWT or
 * API-key check, the task lifecycle (submitted → processing → succeed | failed, on a timer or by {@link #advance})
 * with a callback POST on each change, and faults on demand through {@link #faults()}. Start it with
 * {@link #builder()}; close it to stop the server and every timer.
 */
public final class KlingSimulator implements AutoCloseable {

    private final KlingSimulatorBuilder settings;
    private final HttpServer server;
    private final ExecutorService serverThreads = Executors.newCachedThreadPool(CallbackSender.daemon());
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, CallbackSender.daemon());
    private final SimulatorFaults faults = new SimulatorFaults();
    private final CallbackSender callbacks = new CallbackSender();
    private final TaskBook book;
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final AtomicInteger concurrencyRefusals = new AtomicInteger();

    KlingSimulator(KlingSimulatorBuilder settings) {
        this.settings = settings;
        this.book = new TaskBook(settings.rejectDuplicateExternalIds, settings.uniqueVoiceNames);
        TokenCheck tokens = new TokenCheck(settings.accessKey, settings.secretKey, settings.apiKey, settings.clock);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Kling simulator cannot listen on port " + settings.port, e);
        }
        server.createContext("/", new VoiceRoutes(tokens, book, faults, this::record, this::scheduleNextStep,
                scheduler, settings.clock, settings.concurrencyLimit, concurrencyRefusals));
        server.setExecutor(serverThreads);
        server.start();
    }

    public static KlingSimulatorBuilder builder() {
        return new KlingSimulatorBuilder();
    }

    /** {@code http://127.0.0.1:<port>}, to use as the Kling base URL. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public SimulatorFaults faults() {
        return faults;
    }

    /** Every request received so far, in arrival order. */
    public synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public synchronized void clearRequests() {
        requests.clear();
    }

    /** Every callback POST made so far, in the order made. */
    public List<CallbackDelivery> callbacks() {
        return callbacks.deliveries();
    }

    /** How many tasks were created with this external task id: more than one means a request was sent twice. */
    public int tasksCreatedFor(String externalTaskId) {
        return book.createdFor(externalTaskId);
    }

    /** How many well-formed creates with this external task id arrived, whether they created a task or not. */
    public int createAttemptsFor(String externalTaskId) {
        return book.attemptsFor(externalTaskId);
    }

    /** How many creates were refused because their {@code voice_name} was live already (see the builder). */
    public int voiceNameCollisions() {
        return book.nameCollisions();
    }

    /** How many creates were refused with 1303 because the concurrency limit was reached (see the builder). */
    public int concurrencyRefusals() {
        return concurrencyRefusals.get();
    }

    /** Tasks submitted or processing now. */
    public int tasksInFlight() {
        return book.inFlight();
    }

    public int taskCount() {
        return book.size();
    }

    /** The task object (as a query's {@code data}) by task id or external task id, as JSON text. */
    public Optional<String> task(String id) {
        return book.find(id).map(t -> Json.write(t.toJson()));
    }

    /** Moves a task one step on now (for a manual lifecycle); a finished task stays as it is. */
    public void advance(String taskOrExternalId) {
        SimulatedTask task = book.find(taskOrExternalId)
                .orElseThrow(() -> new IllegalArgumentException("no task " + taskOrExternalId));
        step(task);
    }

    @Override
    public void close() {
        server.stop(0);
        scheduler.shutdownNow();
        callbacks.close();
        serverThreads.shutdownNow();
    }

    private synchronized void record(RecordedRequest request) {
        requests.add(request);
    }

    private void step(SimulatedTask task) {
        Optional<ObjectNode> changed = task.advance(settings.clock.millis(), book::newVoiceId,
                settings.succeedUnits, settings.failedUnits);
        if (changed.isPresent()) {
            callbacks.statusChanged(task, changed.get());
            scheduleNextStep(task);
        }
    }

    private void scheduleNextStep(SimulatedTask task) {
        if (settings.manualLifecycle || task.isTerminal()) {
            return;
        }
        Duration delay = task.status().equals(SimulatedTask.SUBMITTED) ? settings.toProcessing : settings.toFinished;
        scheduler.schedule(() -> step(task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }
}
