package io.voicegate.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.voicegate.domain.Model;
import io.voicegate.domain.ModelCatalog;
import io.voicegate.domain.Money;
import io.voicegate.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The published contract: the OpenAPI document parses cleanly, documents every public route, names every problem
 * type the code can answer (each a README section), and every pattern we publish (in the document and in each
 * model's input schema) compiles as ECMA-262.
 */
class OpenApiDocumentTest {

    private static final Path ROOT = Path.of(System.getProperty("voicegate.root", "..")).toAbsolutePath().normalize();

    @Test
    void parsesWithSwaggerParserWithoutMessages() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(OpenApiDocument.json(), null, options);

        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.0.");
        assertThat(result.getOpenAPI().getPaths().keySet()).containsAll(PublicApi.ALLOWED.keySet());
    }

    @Test
    void everyPublishedPatternCompilesAsEcma262() {
        Map<String, String> patterns = new LinkedHashMap<>();
        collectPatterns(Json.mapper().valueToTree(OpenApiDocument.load()), "openapi", patterns);
        for (Model model : catalog().all()) {
            collectPatterns(Json.mapper().valueToTree(Views.model(model)), "GET /models/" + model.id(), patterns);
        }

        assertThat(patterns).containsKey("GET /models/kling-custom-voice/input_schema/properties/voice_url/pattern");
        patterns.forEach((where, pattern) ->
                assertThat(EcmaPatterns.problem(pattern)).as(where + ": " + pattern).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"(?i)^https?://[^?#]+\\.(mp3|wav)$", "(?i:mp3)", "\\Ahttps\\Z", "a++", "[[:alpha:]]+"})
    void patternsJavaScriptRefusesAreRefused(String pattern) {
        assertThat(EcmaPatterns.problem(pattern)).isPresent();
    }

    @Test
    void theVoiceUrlPatternMatchesAsTheValidatorDoes() {
        Pattern published = Pattern.compile(Views.VOICE_URL_PATTERN);

        assertThat(published.matcher("https://cdn.example.com/ada.mp3").matches()).isTrue();
        assertThat(published.matcher("HTTP://cdn.example.com/ADA.Mp3?x=1").matches()).isTrue();
        assertThat(published.matcher("https://cdn.example.com/ada.ogg").matches()).isFalse();
        assertThat(published.matcher("ftp://cdn.example.com/ada.mp3").matches()).isFalse();
    }

    /** The same patterns through JavaScript's own engine, when Node is on this machine. */
    @Test
    void nodeCompilesEveryPublishedPattern() throws Exception {
        assumeTrue(nodeAvailable(), "node is not on the PATH");
        Map<String, String> patterns = new LinkedHashMap<>();
        collectPatterns(Json.mapper().valueToTree(OpenApiDocument.load()), "openapi", patterns);
        for (Model model : catalog().all()) {
            collectPatterns(Json.mapper().valueToTree(Views.model(model)), "model", patterns);
        }
        List<String> all = new ArrayList<>(patterns.values());
        all.add("(?i)^a");
        String script = "const ps = JSON.parse(process.argv[1]); const bad = ps.filter(p => "
                + "{ try { new RegExp(p, 'u'); return false; } catch (e) { return true; } });"
                + "console.log(JSON.stringify(bad));";
        Process node = new ProcessBuilder("node", "-e", script, Json.write(all)).redirectErrorStream(true).start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(Json.mapper().readValue(out, List.class)).containsExactly("(?i)^a");
    }

    @Test
    void everyProblemTypeIsDocumentedAndHasAReadmeSection() throws IOException {
        Set<String> used = new TreeSet<>(List.of("validation-error", "not-found"));
        Pattern call = Pattern.compile("(?:Problems\\.of(?:Field)?|problem)\\(\\s*\\d{3},\\s*\"([a-z-]+)\"");
        try (Stream<Path> sources = Stream.concat(Files.walk(ROOT.resolve("shared/src/main/java")),
                Files.walk(ROOT.resolve("local/src/main/java")))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher matcher = call.matcher(Files.readString(source));
                while (matcher.find()) {
                    used.add(matcher.group(1));
                }
            }
        }
        JsonNode slugs = Json.mapper().valueToTree(OpenApiDocument.load())
                .at("/components/schemas/ProblemSlug/enum");
        Set<String> documented = new TreeSet<>();
        slugs.forEach(slug -> documented.add(slug.asText()));
        String readme = Files.readString(ROOT.resolve("README.md"));

        assertThat(documented).isEqualTo(used);
        assertThat(documented).allSatisfy(slug -> assertThat(readme).contains("<a id=\"problem-" + slug + "\"></a>"));
        assertThat(Problems.type("not-found")).isEqualTo("https://voicegate.dev/README.md#problem-not-found");
    }

    private static void collectPatterns(JsonNode node, String where, Map<String, String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("pattern") && field.getValue().isTextual()) {
                    into.put(where + "/pattern", field.getValue().asText());
                } else {
                    collectPatterns(field.getValue(), where + "/" + field.getKey(), into);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectPatterns(node.get(i), where + "/" + i, into);
            }
        }
    }

    private static ModelCatalog catalog() {
        return ModelCatalog.standard(Money.ofMicros(70_000), Money.ofMicros(140_000));
    }

    private static boolean nodeAvailable() {
        try {
            return new ProcessBuilder("node", "--version").start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
