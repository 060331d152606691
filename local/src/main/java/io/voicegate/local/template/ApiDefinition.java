package io.voicegate.local.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.voicegate.local.template.SamTemplate.list;
import static io.voicegate.local.template.SamTemplate.map;

/**
 * An HTTP API's OpenAPI definition read the way API Gateway imports it: one route per operation that has an
 * {@code x-amazon-apigateway-integration} (inline, or a {@code $ref} into
 * {@code components.x-amazon-apigateway-integrations}), {@code x-amazon-apigateway-any-method} as {@code ANY}, the
 * path {@code /$default} as the catch-all route, and {@code AWS_IAM} authorization where the operation's security (or
 * the document's) names a scheme with {@code x-amazon-apigateway-authtype: awsSigv4}. Sources: API Gateway developer
 * guide, "OpenAPI extensions" (x-amazon-apigateway-integration, -integrations, -any-method, -authtype) and "Working
 * with routes for HTTP APIs" ($default).
 */
public final class ApiDefinition {

    static final String INTEGRATION = "x-amazon-apigateway-integration";
    static final String ANY_METHOD = "x-amazon-apigateway-any-method";
    static final String DEFAULT_PATH = "/$default";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    /** The function an integration URI names: {@code …/functions/${Fn.Alias}/invocations} or a plain ARN. */
    private static final Pattern FUNCTION = Pattern.compile(
            "functions/(?:\\$\\{([A-Za-z0-9]+)(?:\\.[A-Za-z]+)?}|arn:[^/]*:function:([A-Za-z0-9_-]+)[^/]*)/invocations");

    /**
     * @param method   {@code GET}, … or {@code ANY}
     * @param path     the route's path, {@code null} for {@code $default}
     * @param function the logical id of the function the integration calls
     * @param iam      the route needs a SigV4 signature ({@code AWS_IAM})
     */
    public record Route(String method, String path, String function, boolean iam) {
    }

    private final Map<String, Object> document;

    private ApiDefinition(Map<String, Object> document) {
        this.document = document;
    }

    static ApiDefinition of(Map<String, Object> document) {
        return new ApiDefinition(document);
    }

    /** @throws IllegalArgumentException when an operation's integration names no function of the template's kind */
    List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        map(document.get("paths")).forEach((path, item) -> map(item).forEach((key, operation) -> {
            boolean any = key.equals(ANY_METHOD);
            if (!any && !METHODS.contains(key) || !map(operation).containsKey(INTEGRATION)) {
                return;
            }
            routes.add(new Route(any ? "ANY" : key.toUpperCase(Locale.ROOT), path.equals(DEFAULT_PATH) ? null : path,
                    function(path, map(map(operation).get(INTEGRATION))), iam(map(operation))));
        }));
        return routes;
    }

    private String function(String path, Map<String, Object> integration) {
        Map<String, Object> resolved = integration.containsKey("$ref")
                ? pointer(String.valueOf(integration.get("$ref"))) : integration;
        Object uri = resolved.get("uri");
        String text = uri instanceof Map<?, ?> sub ? String.valueOf(map(sub).get("Fn::Sub")) : String.valueOf(uri);
        Matcher matcher = FUNCTION.matcher(text);
        if (!matcher.find()) {
            throw new IllegalArgumentException("the integration of " + path + " names no Lambda function: " + text);
        }
        return matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
    }

    /** A local JSON pointer such as {@code #/components/x-amazon-apigateway-integrations/api}. */
    private Map<String, Object> pointer(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local references are followed: " + ref);
        }
        Object node = document;
        for (String part : ref.substring(2).split("/")) {
            node = map(node).get(part.replace("~1", "/").replace("~0", "~"));
        }
        if (!(node instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("nothing at " + ref);
        }
        return map(node);
    }

    private boolean iam(Map<String, Object> operation) {
        Object security = operation.containsKey("security") ? operation.get("security") : document.get("security");
        Map<String, Object> schemes = map(map(document.get("components")).get("securitySchemes"));
        return list(security).stream().flatMap(requirement -> map(requirement).keySet().stream())
                .map(name -> map(schemes.get(name)).get("x-amazon-apigateway-authtype"))
                .anyMatch(type -> "awsSigv4".equalsIgnoreCase(String.valueOf(type)));
    }
}
