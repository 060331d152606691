package io.voicegate.local.kling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegate.json.Json;
import io.voicegate.local.kling.CreateRequest.InvalidRequest;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * Kling's "Unit Deduction Detail", {@code POST /account/billing/package} (kling-api.md, "Per-task unit deductions"),
 * served from the tasks this simulator ran: one line per ended task with a non-zero {@code final_unit_deduction},
 * filtered on the task's creation time ({@code start_time}/{@code end_time} in ms), {@code limit} ≤ 500, paged with
 * {@code next_cursor}/{@code has_more}; a {@code cursor} overrides every other field. The bill faults of
 * {@link SimulatorFaults} make it disagree with the tasks.
 */
final class BillingRoute {

    static final String PATH = "/account/billing/package";
    static final int MAX_LIMIT = 500;

    private final TaskBook book;
    private final SimulatorFaults faults;
    private final Clock clock;

    BillingRoute(TaskBook book, SimulatorFaults faults, Clock clock) {
        this.book = book;
        this.faults = faults;
        this.clock = clock;
    }

    Answer page(byte[] body) {
        Window window = window(body);
        List<ObjectNode> lines = lines(window.start(), window.end());
        int to = Math.min(lines.size(), window.offset() + window.limit());
        ArrayNode detail = Json.mapper().createArrayNode();
        lines.subList(Math.min(window.offset(), to), to).forEach(detail::add);
        ObjectNode data = Json.mapper().createObjectNode();
        ObjectNode result = data.putObject("result");
        result.set("detail", detail);
        result.put("count", detail.size());
        boolean more = to < lines.size();
        data.put("next_cursor", more ? new Window(window.start(), window.end(), window.limit(), to).cursor() : "");
        data.put("has_more", more);
        return Answer.success(data);
    }

    private List<ObjectNode> lines(long start, long end) {
        List<ObjectNode> lines = new ArrayList<>();
        List<SimulatedTask> tasks = new ArrayList<>(book.all());
        tasks.sort(Comparator.comparingLong(SimulatedTask::createdAtMillis).thenComparing(SimulatedTask::taskId));
        for (SimulatedTask task : tasks) {
            if (!task.isTerminal() || task.createdAtMillis() < start || task.createdAtMillis() >= end) {
                continue;
            }
            faults.billedUnits(task.keys(), task.unitDeduction().orElse("0"))
                    .filter(units -> new BigDecimal(units).signum() != 0)
                    .ifPresent(units -> lines.add(line(task.taskId(), units, task.updatedAtMillis())));
        }
        long now = clock.millis();
        if (now >= start && now < end) {
            faults.unknownBilledTasks().forEach((taskId, units) -> lines.add(line(taskId, units, now)));
        }
        return lines;
    }

    private static ObjectNode line(String taskId, String units, long at) {
        ObjectNode line = Json.mapper().createObjectNode()
                .put("task_id", taskId)
                .put("package_id", "sim-package-1")
                .put("package_name", "Simulated video pack")
                .put("product_type", "video")
                .put("product_function", "custom_voice")
                .put("model_name", "kling-custom-voice")
                .put("api_key_name", "simulator")
                .put("deduction_time", Long.toString(at))
                .put("unit_before_deduction", 1000);
        line.put("deduction_amount", new BigDecimal(units));
        return line.put("unit_after_deduction", 1000);
    }

    private static Window window(byte[] body) {
        JsonNode json = CreateRequest.jsonObject(body);
        String cursor = json.path("cursor").asText("");
        if (!cursor.isEmpty()) {
            return Window.of(cursor);
        }
        int limit = json.path("limit").asInt(MAX_LIMIT);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequest(1201, "limit must be between 1 and " + MAX_LIMIT);
        }
        if (!json.path("start_time").canConvertToLong() || !json.path("end_time").canConvertToLong()) {
            throw new InvalidRequest(1201, "start_time and end_time are required (milliseconds)");
        }
        return new Window(json.get("start_time").asLong(), json.get("end_time").asLong(), limit, 0);
    }

    private record Window(long start, long end, int limit, int offset) {

        String cursor() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((start + ":" + end + ":" + limit + ":"
                    + offset).getBytes(StandardCharsets.UTF_8));
        }

        static Window of(String cursor) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
                return new Window(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Integer.parseInt(parts[2]),
                        Integer.parseInt(parts[3]));
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                throw new InvalidRequest(1201, "cursor is not valid");
            }
        }
    }
}
