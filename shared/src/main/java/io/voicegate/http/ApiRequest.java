package io.voicegate.http;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An HTTP API call as the gateway sees it, independent of how it arrived: the matched route key (e.g.
 * {@code "GET /requests/{request_id}"}), path and query parameters, headers (names lower-cased) and the decoded body.
 * {@code bodyIsText} is false when the body's bytes were not valid UTF-8 (then {@code body} is not what was sent and
 * must be refused, never used).
 */
public record ApiRequest(String routeKey, String path, Map<String, String> pathParameters,
                         Map<String, String> queryParameters, Map<String, String> headers, String body,
                         boolean bodyIsText) {

    public ApiRequest(String routeKey, String path, Map<String, String> pathParameters,
                      Map<String, String> queryParameters, Map<String, String> headers, String body) {
        this(routeKey, path, pathParameters, queryParameters, headers, body, true);
    }

    public ApiRequest {
        pathParameters = pathParameters == null ? Map.of() : Map.copyOf(pathParameters);
        queryParameters = queryParameters == null ? Map.of() : Map.copyOf(queryParameters);
        headers = headers == null ? Map.of() : headers.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue, (a, b) -> a + "," + b));
        body = body == null ? "" : body;
    }

    /** Whether the body is declared as JSON: a {@code Content-Type} of {@code application/json} (any parameters). */
    public boolean declaresJson() {
        return header("content-type").map(type -> type.split(";", 2)[0].trim())
                .filter(type -> type.equalsIgnoreCase("application/json")).isPresent();
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** A query parameter's value; an empty one ({@code ?limit=}) is as if it were not sent, for every parameter. */
    public Optional<String> query(String name) {
        return Optional.ofNullable(queryParameters.get(name)).filter(value -> !value.isEmpty());
    }

    public String pathParameter(String name) {
        return pathParameters.getOrDefault(name, "");
    }
}
