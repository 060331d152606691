package io.voicegate.local.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The template's HttpApi routes, matched as API Gateway HTTP APIs do: a route with the request's method beats
 * {@code ANY}, a literal path segment beats a {@code {parameter}}, and {@code $default} catches the rest.
 */
public final class HttpRoutes {

    /** @param iam the route has {@code Auth: Authorizer: AWS_IAM}: API Gateway lets only SigV4-signed calls in */
    record Route(String method, String path, LocalFunction function, boolean iam) {

        String routeKey() {
            return path == null ? "$default" : method + " " + path;
        }

        int literalSegments() {
            return path == null ? -1 : (int) segments(path).stream().filter(s -> !s.startsWith("{")).count();
        }
    }

    record Match(Route route, Map<String, String> pathParameters) {
    }

    private final List<Route> routes = new ArrayList<>();

    void add(String method, String path, LocalFunction function) {
        add(method, path, function, false);
    }

    /**
     * @param method {@code GET}, …, {@code ANY}; null for {@code ANY}
     * @param path   {@code /requests/{request_id}}, …; null for {@code $default}
     * @param iam    the route needs a SigV4 signature in AWS ({@code AWS_IAM}), the admin token here
     */
    public void add(String method, String path, LocalFunction function, boolean iam) {
        routes.add(new Route(method == null ? "ANY" : method.toUpperCase(Locale.ROOT), path, function, iam));
    }

    Optional<Match> match(String method, String path) {
        List<String> actual = segments(path);
        return routes.stream()
                .filter(r -> r.path() == null || r.method().equals("ANY") || r.method().equals(method))
                .sorted(Comparator.comparing((Route r) -> r.path() == null)
                        .thenComparing(r -> r.method().equals("ANY"))
                        .thenComparing(Comparator.comparingInt(Route::literalSegments).reversed()))
                .map(r -> new Match(r, r.path() == null ? Map.of() : bind(segments(r.path()), actual)))
                .filter(m -> m.pathParameters() != null)
                .findFirst();
    }

    private static Map<String, String> bind(List<String> template, List<String> actual) {
        if (template.size() != actual.size()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String expected = template.get(i);
            if (expected.startsWith("{") && expected.endsWith("}")) {
                if (actual.get(i).isEmpty()) {
                    return null;
                }
                parameters.put(expected.substring(1, expected.length() - 1), actual.get(i));
            } else if (!expected.equals(actual.get(i))) {
                return null;
            }
        }
        return parameters;
    }

    private static List<String> segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("/", -1));
    }

    List<Route> all() {
        return List.copyOf(routes);
    }
}
