package io.voicegate.local.kling;

import io.voicegate.local.kling.CreateRequest.InvalidRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The paging of a list call: {@code pageNum} default 1, {@code pageSize} default 30, each within 1..1000. */
record ListRequest(int pageNum, int pageSize) {

    static ListRequest parse(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                String[] parts = pair.split("=", 2);
                params.putIfAbsent(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        return new ListRequest(page(params.get("pageNum"), 1, "pageNum"),
                page(params.get("pageSize"), 30, "pageSize"));
    }

    private static int page(String value, int fallback, String name) {
        if (value == null) {
            return fallback;
        }
        try {
            int page = Integer.parseInt(value);
            if (page >= 1 && page <= 1000) {
                return page;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidRequest(1201, name + " must be within 1..1000");
    }
}
