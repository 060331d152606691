package io.voicegate.local.kling;

import com.sun.net.httpserver.HttpExchange;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One request exactly as the simulator received it. Header names are lower-case; {@code pathAndQuery} is the raw
 * request target, e.g. {@code /v1/general/custom-voices?pageNum=1&pageSize=30}.
 */
public record RecordedRequest(String method, String pathAndQuery, Map<String, List<String>> headers, String body) {

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    static RecordedRequest of(HttpExchange exchange, byte[] body) {
        Map<String, List<String>> headers = exchange.getRequestHeaders().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), e -> List.copyOf(e.getValue()),
                        (a, b) -> a));
        URI uri = exchange.getRequestURI();
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new RecordedRequest(exchange.getRequestMethod(), target, headers,
                new String(body, StandardCharsets.UTF_8));
    }

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The token after {@code Bearer }, when the Authorization header has that form. */
    public Optional<String> bearerToken() {
        return header("authorization").filter(h -> h.startsWith("Bearer ")).map(h -> h.substring("Bearer ".length()));
    }
}
