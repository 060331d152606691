package io.voicegate.http;

import io.voicegate.json.Json;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The OpenAPI 3.0 document of the public and admin APIs ({@code openapi.yaml} on the classpath, the one source of
 * the contract), served as JSON at {@code GET /openapi.json}. Read once, on first use.
 */
public final class OpenApiDocument {

    /** Where the document lives on the classpath (and in the repository, under {@code shared/src/main/resources}). */
    public static final String RESOURCE = "/openapi.yaml";

    private OpenApiDocument() {
    }

    private static final class Holder {
        private static final String JSON = Json.write(load());
    }

    /** The document as JSON text. */
    public static String json() {
        return Holder.JSON;
    }

    /** The document as YAML-decoded maps and lists. */
    public static Map<String, Object> load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GET /openapi.json}: the document, cacheable for five minutes. */
    static ApiResponse response() {
        return new ApiResponse(200, Map.of("content-type", ApiResponse.JSON, "cache-control", "public, max-age=300"),
                json());
    }
}
