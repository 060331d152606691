package io.voicegate.local.kling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.voicegate.json.Json;
import io.voicegate.local.kling.CreateRequest.InvalidRequest;
import io.voicegate.local.kling.SimulatorFaults.ErrorReply;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Kling's custom-voice endpoints: create, query one, list, delete; every answer in Kling's envelope. */
final class VoiceRoutes implements HttpHandler {

    static final String VOICES = "/v1/general/custom-voices";
    static final String DELETE = "/v1/general/delete-voices";

    private final TokenCheck tokens;
    private final TaskBook book;
    private final SimulatorFaults faults;
    private final Consumer<RecordedRequest> recorder;
    private final Consumer<SimulatedTask> onCreated;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final BillingRoute billing;
    private final int concurrencyLimit;
    private final AtomicInteger refusals;

    /**
     * @param concurrencyLimit tasks in flight at most (0: no limit); a create beyond it is answered 1303 and counted
     *                         in {@code refusals}
     */
    VoiceRoutes(TokenCheck tokens, TaskBook book, SimulatorFaults faults, Consumer<RecordedRequest> recorder,
                Consumer<SimulatedTask> onCreated, ScheduledExecutorService scheduler, Clock clock,
                int concurrencyLimit, AtomicInteger refusals) {
        this.concurrencyLimit = concurrencyLimit;
        this.refusals = refusals;
        this.tokens = tokens;
        this.book = book;
        this.faults = faults;
        this.recorder = recorder;
        this.onCreated = onCreated;
        this.scheduler = scheduler;
        this.clock = clock;
        this.billing = new BillingRoute(book, faults, clock);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        RecordedRequest request = RecordedRequest.of(exchange, body);
        recorder.accept(request);
        Optional<ErrorReply> denied = tokens.check(request.header("authorization"));
        if (denied.isPresent()) {
            Answer.error(denied.get()).write(exchange);
            return;
        }
        Set<String> keys = new HashSet<>();
        Answer answer;
        try {
            answer = route(request.method(), exchange.getRequestURI(), body, keys);
        } catch (InvalidRequest e) {
            answer = Answer.error(400, e.code(), e.getMessage());
        } catch (RuntimeException e) {
            answer = Answer.error(500, 5000, "internal error");
        }
        Optional<Duration> delay = faults.takeDelay(keys);
        Answer reply = answer;
        if (delay.isPresent()) {
            scheduler.schedule(() -> reply.write(exchange), delay.get().toMillis(), TimeUnit.MILLISECONDS);
        } else {
            reply.write(exchange);
        }
    }

    /** Fills {@code keys} with the ids this request concerns (for faults), then does it. */
    private Answer route(String method, URI uri, byte[] body, Set<String> keys) {
        String path = uri.getRawPath();
        if (path.equals(VOICES)) {
            return method.equals("POST") ? create(body, keys)
                    : method.equals("GET") ? list(uri.getRawQuery(), keys) : wrongMethod();
        }
        if (path.startsWith(VOICES + "/") && path.length() > VOICES.length() + 1) {
            String id = URLDecoder.decode(path.substring(VOICES.length() + 1), StandardCharsets.UTF_8);
            return method.equals("GET") ? query(id, keys) : wrongMethod();
        }
        if (path.equals(BillingRoute.PATH)) {
            return method.equals("POST") ? bill(body, keys) : wrongMethod();
        }
        if (path.equals(DELETE)) {
            return method.equals("POST") ? delete(body, keys) : wrongMethod();
        }
        return Answer.error(404, 1203, "resource not found");
    }

    private Answer create(byte[] body, Set<String> keys) {
        CreateRequest request = CreateRequest.parse(body);
        keys.addAll(request.keys());
        book.noteCreateAttempt(request);
        Optional<ErrorReply> fault = faults.takeError(keys).or(() -> faults.magicRejection(keys));
        if (fault.isPresent()) {
            return Answer.error(fault.get());
        }
        Optional<SimulatedTask> task;
        synchronized (book) {
            if (concurrencyLimit > 0 && book.inFlight() >= concurrencyLimit) {
                refusals.incrementAndGet();
                return Answer.error(429, 1303, "parallel task over resource pack limit");
            }
            if (book.voiceNameTaken(request.voiceName())) {
                return Answer.error(400, 1201, "voice_name already exists");
            }
            task = book.create(request, faults.outcomeFor(keys), faults.callbackFaultFor(keys), clock.millis());
        }
        if (task.isEmpty()) {
            return Answer.error(400, 1201, "external_task_id already exists");
        }
        onCreated.accept(task.get());
        return faults.takeLostCreate(keys).map(VoiceRoutes::lost)
                .orElseGet(() -> Answer.success(task.get().toCreatedJson()));
    }

    private Answer query(String id, Set<String> keys) {
        keys.add(id);
        Optional<SimulatedTask> task = book.find(id).filter(t -> !t.forgotten());
        task.ifPresent(t -> {
            keys.addAll(t.keys());
            keys.add(t.taskId());
        });
        Optional<ErrorReply> fault = faults.takeError(keys);
        if (fault.isPresent()) {
            return Answer.error(fault.get());
        }
        return task.map(t -> Answer.success(t.toJson())).orElseGet(() -> Answer.error(404, 1203, "task not found"));
    }

    private Answer list(String rawQuery, Set<String> keys) {
        ListRequest page = ListRequest.parse(rawQuery);
        Optional<ErrorReply> fault = faults.takeError(keys);
        if (fault.isPresent()) {
            return Answer.error(fault.get());
        }
        ArrayNode items = Json.mapper().createArrayNode();
        book.withVoices(page.pageNum(), page.pageSize()).forEach(t -> items.add(t.toJson()));
        return Answer.success(items);
    }

    /** Kling's unit-deduction bill; request faults keyed {@link SimulatorFaults#ANY} apply to it too. */
    private Answer bill(byte[] body, Set<String> keys) {
        Optional<ErrorReply> fault = faults.takeError(keys);
        return fault.map(Answer::error).orElseGet(() -> billing.page(body));
    }

    private Answer delete(byte[] body, Set<String> keys) {
        String voiceId = voiceId(body);
        keys.add(voiceId);
        Optional<SimulatedTask> task = book.findByVoice(voiceId);
        task.ifPresent(t -> keys.addAll(t.keys()));
        Optional<ErrorReply> fault = faults.takeError(keys);
        if (fault.isPresent()) {
            return Answer.error(fault.get());
        }
        if (task.isEmpty()) {
            return Answer.error(400, 1201, "Voice id not found");
        }
        task.get().deleteVoice(voiceId, clock.millis());
        return Answer.success(Json.mapper().createObjectNode()
                .put("task_id", task.get().taskId())
                .put("task_status", task.get().status()));
    }

    private static Answer lost(LostResponse how) {
        return switch (how) {
            case SERVER_ERROR -> Answer.error(500, 5000, "internal error");
            case SERVER_TIMEOUT -> Answer.error(504, 5002, "internal timeout");
            case DROP_CONNECTION -> Answer.dropped();
        };
    }

    private static Answer wrongMethod() {
        return Answer.error(404, 1202, "request method is not supported");
    }

    private static String voiceId(byte[] body) {
        try {
            JsonNode json = Json.mapper().readTree(body);
            JsonNode voiceId = json == null ? null : json.get("voice_id");
            if (voiceId == null || !voiceId.isTextual() || voiceId.asText().isBlank()) {
                throw new InvalidRequest(1201, "voice_id is required");
            }
            return voiceId.asText();
        } catch (IOException e) {
            throw new InvalidRequest(1200, "request body is not valid JSON");
        }
    }
}
