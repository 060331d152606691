package io.voicegate.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.json.Json;
import io.voicegate.local.template.SamTemplate;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.voicegate.local.template.SamTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code events/} holds only events some function of {@code template.yaml} takes (for tests and
 * {@code sam local invoke -e}), and {@code events/env-vars.json} sets only variables a function declares (the SAM CLI
 * ignores any other).
 */
class EventFixturesTest {

    private static final Path ROOT = Path.of(System.getProperty("voicegate.root", "..")).toAbsolutePath().normalize();
    private final SamTemplate template = SamTemplate.load(ROOT.resolve("template.yaml"));

    private static List<Path> events() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT.resolve("events"))) {
            return files.filter(f -> f.toString().endsWith(".json") && !f.endsWith("env-vars.json")).sorted()
                    .toList();
        }
    }

    private Set<String> triggers() {
        return template.functions().stream().flatMap(f -> f.events().stream()).map(SamTemplate.Event::type)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyEventIsOneATriggerOfTheTemplateDelivers() throws IOException {
        Set<String> routeKeys = template.apiRoutes().stream()
                .map(r -> r.path() == null ? "$default" : r.method() + " " + r.path()).collect(Collectors.toSet());
        Set<String> consumedQueues = template.functions().stream().flatMap(f -> f.events().stream())
                .filter(e -> e.type().equals("SQS"))
                .map(e -> String.valueOf(map(e.properties().get("Queue")).get("Fn::GetAtt")).replaceAll("^\\[", "")
                        .split("[.,]")[0])
                .collect(Collectors.toSet());

        for (Path file : events()) {
            JsonNode event = Json.mapper().readTree(file.toFile());
            String name = ROOT.relativize(file).toString();
            if (event.has("routeKey")) {
                assertThat(routeKeys).as(name).contains(event.get("routeKey").asText());
            } else if (event.has("Records") && event.at("/Records/0/eventSource").asText().equals("aws:sqs")) {
                assertThat(triggers()).as(name).contains("SQS");
                String queue = event.at("/Records/0/eventSourceARN").asText().replaceAll(".*:", "");
                if (!name.contains("sam-official")) {
                    assertThat(consumedQueues).as(name).contains(queue.replace("voicegate-", ""));
                }
            } else if (event.has("Records")) {
                assertThat(event.at("/Records/0/eventSource").asText()).as(name).isEqualTo("aws:dynamodb");
                assertThat(triggers()).as(name).contains("DynamoDB");
            } else {
                assertThat(event.path("detail-type").asText()).as(name).isEqualTo("Scheduled Event");
                assertThat(triggers()).as(name).contains("Schedule");
            }
        }
        assertThat(events()).noneMatch(f -> f.getFileName().toString().contains("rest-v1"));
    }

    @Test
    void theEnvVarsFileSetsOnlyVariablesAFunctionDeclares() throws IOException {
        JsonNode file = Json.mapper().readTree(ROOT.resolve("events/env-vars.json").toFile());
        Set<String> declared = template.functions().stream().flatMap(f -> f.environment().keySet().stream())
                .collect(Collectors.toSet());

        file.fields().forEachRemaining(scope -> scope.getValue().fieldNames()
                .forEachRemaining(variable -> assertThat(declared).as(scope.getKey()).contains(variable)));
    }
}
