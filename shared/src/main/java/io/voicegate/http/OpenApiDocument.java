package io.voicegate.http;

import com.fasterxml.jackson.core.type.TypeReference;
import io.voicegate.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI 3.0 document of the public and admin APIs ({@code openapi.yaml} in the repository, the one source of
 * the contract), served as JSON at {@code GET /openapi.json}. Read once, on first use, from {@code openapi.json} on
 * the classpath: the build turns the YAML into JSON ({@link OpenApiJson}), so no function carries a YAML parser.
 *
 * <p>The same file is the HttpApi's definition in {@code template.yaml}: its {@code x-amazon-apigateway-*}
 * extensions (integrations, the catch-all {@code /$default} route, the SigV4 auth type) tell API Gateway what to
 * deploy, and are left out of what is served: they name resources of the stack, not the contract.
 */
public final class OpenApiDocument {

    /** Where the document lives in the repository, under {@code shared/src/main/resources}. */
    public static final String RESOURCE = "/openapi.yaml";
    /** The same document as JSON, on the classpath (written by the build from {@link #RESOURCE}). */
    public static final String COMPILED = "/openapi.json";

    private OpenApiDocument() {
    }

    /** The prefix of API Gateway's OpenAPI extensions. */
    static final String GATEWAY_EXTENSION = "x-amazon-apigateway-";

    private static final class Holder {
        private static final String JSON = Json.write(published());
    }

    /** The document as JSON text. */
    public static String json() {
        return Holder.JSON;
    }

    /** The document as maps and lists, as in the repository (API Gateway's extensions included). */
    public static Map<String, Object> load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(COMPILED)) {
            if (in == null) {
                throw new IllegalStateException(COMPILED + " is not on the classpath (the build writes it)");
            }
            return Json.mapper().readValue(in, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The document as served: {@link #load()} without API Gateway's extensions, and without the paths that only
     * they made ({@code /$default}).
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> published() {
        Map<String, Object> document = (Map<String, Object>) withoutGatewayExtensions(load());
        Map<String, Object> paths = new LinkedHashMap<>((Map<String, Object>) document.get("paths"));
        paths.values().removeIf(item -> item instanceof Map<?, ?> m && m.isEmpty());
        document.put("paths", paths);
        return document;
    }

    private static Object withoutGatewayExtensions(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> {
                if (!String.valueOf(key).startsWith(GATEWAY_EXTENSION)) {
                    copy.put(String.valueOf(key), withoutGatewayExtensions(value));
                }
            });
            return copy;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(OpenApiDocument::withoutGatewayExtensions).toList();
        }
        return node;
    }

    /** {@code GET /openapi.json}: the document, cacheable for five minutes. */
    static ApiResponse response() {
        return new ApiResponse(200, Map.of("content-type", ApiResponse.JSON, "cache-control", "public, max-age=300"),
                json());
    }
}
