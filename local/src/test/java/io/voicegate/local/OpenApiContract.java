package io.voicegate.local;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.voicegate.http.OpenApiDocument;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Checks real answers of the API against the OpenAPI document ({@code openapi.yaml}), parsed with swagger-parser,
 * with each response body validated by networknt's json-schema-validator (OpenAPI 3.0 dialect, so
 * {@code nullable} is honoured): the status must be documented for the operation, the content type must be the
 * documented one, required headers present, and the body must match its schema. Calls to paths or methods the
 * document does not have (API Gateway's own 404, a 405 on a path's other methods) are checked only as problems.
 */
public final class OpenApiContract {

    private static final OpenAPI DOCUMENT = parse();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30());
    private static final Map<io.swagger.v3.oas.models.media.Schema<?>, Schema> SCHEMAS = new ConcurrentHashMap<>();
    private static final io.swagger.v3.oas.models.media.Schema<?> PROBLEM =
            DOCUMENT.getComponents().getSchemas().get("Problem");

    private OpenApiContract() {
    }

    /** The parsed document (every {@code $ref} resolved). */
    public static OpenAPI document() {
        return DOCUMENT;
    }

    private static OpenAPI parse() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        options.setResolveCombinators(false);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(OpenApiDocument.json(), null, options);
        if (result.getOpenAPI() == null || (result.getMessages() != null && !result.getMessages().isEmpty())) {
            throw new IllegalStateException("openapi.yaml does not parse: " + result.getMessages());
        }
        return result.getOpenAPI();
    }

    /**
     * The ways an answer breaks the contract; empty when it keeps it.
     *
     * @param header a response header by (case-insensitive) name
     */
    public static List<String> violations(String method, String rawPath, int status,
                                          Function<String, Optional<String>> header, String body) {
        List<String> found = new ArrayList<>();
        String contentType = header.apply("content-type").orElse("").split(";", 2)[0].trim();
        String call = method + " " + rawPath + " -> " + status;
        Optional<Operation> operation = operation(method.equals("HEAD") ? "GET" : method, rawPath);
        if (operation.isEmpty()) {
            if (contentType.equals("application/problem+json")) {
                validate(PROBLEM, body, call, found);
            }
            return found;
        }
        ApiResponse response = operation.get().getResponses().get(Integer.toString(status));
        if (response == null) {
            found.add(call + ": status not documented for " + operation.get().getOperationId());
            return found;
        }
        if (response.getHeaders() != null) {
            for (Map.Entry<String, Header> documented : response.getHeaders().entrySet()) {
                if (Boolean.TRUE.equals(documented.getValue().getRequired())
                        && header.apply(documented.getKey()).isEmpty()) {
                    found.add(call + ": required header " + documented.getKey() + " is missing");
                }
            }
        }
        if (response.getContent() == null || response.getContent().isEmpty()) {
            if (body != null && !body.isEmpty()) {
                found.add(call + ": documented without a body, answered " + body);
            }
            return found;
        }
        MediaType media = response.getContent().get(contentType);
        if (media == null) {
            found.add(call + ": content type '" + contentType + "' is not " + response.getContent().keySet());
            return found;
        }
        if (method.equals("HEAD")) {
            if (body != null && !body.isEmpty()) {
                found.add(call + ": a HEAD answer has a body");
            }
            return found;
        }
        validate(media.getSchema(), body, call, found);
        return found;
    }

    private static void validate(io.swagger.v3.oas.models.media.Schema<?> schema, String body, String call,
                                 List<String> found) {
        if (schema == null) {
            return;
        }
        Schema validator = SCHEMAS.computeIfAbsent(schema, s -> REGISTRY.getSchema(
                io.swagger.v3.core.util.Json.pretty(s), InputFormat.JSON));
        try {
            validator.validate(body == null || body.isEmpty() ? "null" : body, InputFormat.JSON)
                    .forEach(error -> found.add(call + ": " + error.getMessage() + " in " + body));
        } catch (RuntimeException e) {
            found.add(call + ": body is not JSON: " + body);
        }
    }

    /** The operation for a concrete path, a literal segment beating a {@code {parameter}} as API Gateway does. */
    static Optional<Operation> operation(String method, String rawPath) {
        PathItem.HttpMethod httpMethod;
        try {
            httpMethod = PathItem.HttpMethod.valueOf(method.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String[] actual = segments(rawPath);
        return DOCUMENT.getPaths().entrySet().stream()
                .filter(e -> matches(segments(e.getKey()), actual))
                .sorted(Comparator.comparingLong((Map.Entry<String, PathItem> e) ->
                        -java.util.Arrays.stream(segments(e.getKey())).filter(s -> !s.startsWith("{")).count()))
                .map(e -> e.getValue().readOperationsMap().get(httpMethod))
                .filter(java.util.Objects::nonNull)
                .findFirst();
    }

    private static boolean matches(String[] template, String[] actual) {
        if (template.length != actual.length) {
            return false;
        }
        for (int i = 0; i < template.length; i++) {
            if (!template[i].startsWith("{") && !template[i].equals(actual[i])) {
                return false;
            }
            if (template[i].startsWith("{") && actual[i].isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.split("/", -1);
    }
}
