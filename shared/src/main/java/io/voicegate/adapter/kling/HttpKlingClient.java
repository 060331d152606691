package io.voicegate.adapter.kling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.domain.kling.CreateVoice;
import io.voicegate.domain.kling.KlingOperatorException;
import io.voicegate.domain.kling.KlingTask;
import io.voicegate.json.Json;
import io.voicegate.port.KlingClient;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link KlingClient} over Kling's legacy {@code /v1/general} custom-voice endpoints, with the JDK HTTP client. */
public class HttpKlingClient implements KlingClient {

    public static final URI DEFAULT_BASE_URI = URI.create("https://api-singapore.klingai.com");
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    static final String VOICES_PATH = "/v1/general/custom-voices";
    static final String DELETE_PATH = "/v1/general/delete-voices";
    static final int MAX_PAGE = 1000;

    private final KlingExchange exchange;

    public HttpKlingClient(KlingCredentials credentials) {
        this(DEFAULT_BASE_URI, credentials, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * @param baseUri        e.g. {@link #DEFAULT_BASE_URI}, or {@code https://api-beijing.klingai.com}
     * @param connectTimeout how long to wait for a connection; past it nothing was sent
     * @param requestTimeout how long to wait for the answer to one request once sent
     */
    public HttpKlingClient(URI baseUri, KlingCredentials credentials, Duration connectTimeout,
                           Duration requestTimeout) {
        this.exchange = new KlingExchange(baseUri, credentials, connectTimeout, requestTimeout);
    }

    @Override
    public KlingTask createVoice(CreateVoice command) {
        byte[] body = json(KlingWire.CreateBody.of(command));
        KlingReply reply = exchange.send("POST", VOICES_PATH, Optional.of(body), true);
        if (!reply.ok()) {
            throw reply.failure("create voice", true);
        }
        return task(reply, reply.data(), true);
    }

    @Override
    public Optional<KlingTask> findByTaskId(String taskId) {
        return find(taskId);
    }

    /**
     * Kling documents the query path id as "task_id or external_task_id, choose either", and nothing more; the wire
     * form of a lookup by external id is unconfirmed. We send the external id as the path id, exactly as the docs
     * say, and check that the task found carries it, so that a Kling that reads it as a task id cannot hand us
     * another task.
     */
    @Override
    public Optional<KlingTask> findByExternalTaskId(String externalTaskId) {
        Optional<KlingTask> task = find(externalTaskId);
        if (task.isPresent() && !task.get().externalTaskId().equals(Optional.of(externalTaskId))) {
            throw new KlingOperatorException("lookup by external task id " + externalTaskId
                    + " returned task " + task.get().taskId() + " of another external id", Optional.empty());
        }
        return task;
    }

    @Override
    public List<KlingTask> listVoices(int pageNum, int pageSize) {
        if (pageNum < 1 || pageNum > MAX_PAGE || pageSize < 1 || pageSize > MAX_PAGE) {
            throw new IllegalArgumentException("pageNum and pageSize must be within 1.." + MAX_PAGE);
        }
        String query = VOICES_PATH + "?pageNum=" + pageNum + "&pageSize=" + pageSize;
        KlingReply reply = exchange.send("GET", query, Optional.empty(), false);
        if (!reply.ok()) {
            throw reply.failure("list voices", false);
        }
        JsonNode items = reply.data().orElse(Json.mapper().createArrayNode());
        if (!items.isArray()) {
            throw KlingReply.malformed("list voices: data is not an array", false, null);
        }
        List<KlingTask> tasks = new ArrayList<>();
        items.forEach(item -> tasks.add(task(reply, Optional.of(item), false)));
        return tasks;
    }

    @Override
    public void deleteVoice(String voiceId) {
        byte[] body = json(new KlingWire.DeleteBody(voiceId));
        KlingReply reply = exchange.send("POST", DELETE_PATH, Optional.of(body), false);
        if (!reply.ok()) {
            throw reply.failure("delete voice", false);
        }
    }

    private Optional<KlingTask> find(String id) {
        KlingReply reply = exchange.send("GET", VOICES_PATH + "/" + pathSegment(id), Optional.empty(), false);
        if (reply.ok()) {
            return Optional.of(task(reply, reply.data(), false));
        }
        if (reply.notFound()) {
            return Optional.empty();
        }
        throw reply.failure("query voice task", false);
    }

    private static KlingTask task(KlingReply reply, Optional<JsonNode> data, boolean creating) {
        try {
            JsonNode node = data.orElseThrow(() -> new IllegalArgumentException("success without data"));
            return Json.mapper().treeToValue(node, KlingWire.TaskData.class).toTask();
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw KlingReply.malformed("unusable task in Kling answer (request_id "
                    + reply.requestId().orElse("-") + "): " + e.getMessage(), creating, e);
        }
    }

    private static byte[] json(Object body) {
        return Json.write(body).getBytes(StandardCharsets.UTF_8);
    }

    private static String pathSegment(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("task id is empty");
        }
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
