package io.voicegate.adapter.kling;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.domain.reconciliation.BilledTask;
import io.voicegate.json.Json;
import io.voicegate.port.KlingBill;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link KlingBill} over {@code POST /account/billing/package} (kling-api.md, "Per-task unit deductions"): the body
 * has {@code start_time}/{@code end_time} in Unix milliseconds and {@code limit} ≤ 500, or only the previous answer's
 * {@code cursor} (which overrides every other field); the answer's {@code data} is {@code {result: {detail: [...]},
 * next_cursor, has_more}}, each detail with {@code task_id}, {@code deduction_amount} (units) and
 * {@code deduction_time} (ms). Calls are spaced at least a second apart (Kling asks billing callers for QPS ≤ 1).
 */
public class HttpKlingBill implements KlingBill {

    static final String BILLING_PATH = "/account/billing/package";
    static final int PAGE_LIMIT = 500;
    private static final Duration SPACING = Duration.ofSeconds(1);

    private final KlingExchange exchange;
    private long lastCallNanos;

    public HttpKlingBill(URI baseUri, KlingCredentials credentials, Duration connectTimeout, Duration requestTimeout) {
        this.exchange = new KlingExchange(baseUri, credentials, connectTimeout, requestTimeout);
    }

    @Override
    public synchronized BillPage page(Instant from, Instant to, Optional<String> cursor) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (cursor.isPresent()) {
            body.put("cursor", cursor.get());
        } else {
            body.put("start_time", from.toEpochMilli());
            body.put("end_time", to.toEpochMilli());
            body.put("limit", PAGE_LIMIT);
        }
        space();
        KlingReply reply = exchange.send("POST", BILLING_PATH,
                Optional.of(Json.write(body).getBytes(StandardCharsets.UTF_8)), false);
        if (!reply.ok()) {
            throw reply.failure("read unit deductions", false);
        }
        JsonNode data = reply.data().orElseThrow(() -> KlingReply.malformed("unit deductions without data", false,
                null));
        List<BilledTask> lines = new ArrayList<>();
        for (JsonNode detail : data.path("result").path("detail")) {
            lines.add(line(detail));
        }
        String next = data.path("next_cursor").asText("");
        boolean more = data.path("has_more").asBoolean(false) && !next.isEmpty();
        return new BillPage(lines, more ? Optional.of(next) : Optional.empty());
    }

    private static BilledTask line(JsonNode detail) {
        String taskId = detail.path("task_id").asText("");
        JsonNode amount = detail.path("deduction_amount");
        if (taskId.isEmpty() || amount.isMissingNode() || amount.isNull()) {
            throw KlingReply.malformed("unit deduction without task_id or deduction_amount", false, null);
        }
        try {
            BigDecimal units = new BigDecimal(amount.asText());
            long at = Long.parseLong(detail.path("deduction_time").asText("0"));
            return new BilledTask(taskId, units, Instant.ofEpochMilli(at));
        } catch (NumberFormatException e) {
            throw KlingReply.malformed("unit deduction of task " + taskId + " is not a number", false, e);
        }
    }

    private void space() {
        long wait = lastCallNanos == 0 ? 0 : SPACING.toNanos() - (System.nanoTime() - lastCallNanos);
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        lastCallNanos = System.nanoTime();
    }
}
