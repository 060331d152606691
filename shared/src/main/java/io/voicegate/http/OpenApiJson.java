package io.voicegate.http;

import io.voicegate.json.Json;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step (shared's {@code process-classes} phase): writes {@code openapi.yaml} as {@code openapi.json} into the
 * classes, the form {@link OpenApiDocument} reads at run time. SnakeYAML is a build-time dependency only
 * ({@code provided}), so this class is never loaded by a function.
 */
public final class OpenApiJson {

    private OpenApiJson() {
    }

    /**
     * @param args the YAML document's path, then the JSON file's path
     * @throws IOException when either file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: OpenApiJson openapi.yaml openapi.json");
        }
        Object document;
        try (Reader reader = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        }
        Path target = Path.of(args[1]);
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, Json.write(document), StandardCharsets.UTF_8);
    }
}
