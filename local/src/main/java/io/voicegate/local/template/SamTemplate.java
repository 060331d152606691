package io.voicegate.local.template;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code template.yaml} as data: the tables, queues and functions (with their events) the local stack recreates.
 * Short-form intrinsics ({@code !Ref X}, {@code !GetAtt X.Arn}, {@code !Sub …}) are read into their long JSON form
 * ({@code {"Ref": "X"}}) so one resolver handles both.
 */
public final class SamTemplate {

    private final Map<String, Object> root;
    /** Where {@code AWS::Include} locations are resolved from: the template's directory, as {@code sam} does. */
    private final Path directory;

    private SamTemplate(Map<String, Object> root, Path directory) {
        this.root = root;
        this.directory = directory;
    }

    public static SamTemplate load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Map<String, Object> root = new Yaml(new IntrinsicConstructor()).load(reader);
            return new SamTemplate(root, file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    public record Resource(String logicalId, String type, Map<String, Object> properties) {
    }

    public record Event(String name, String type, Map<String, Object> properties) {
    }

    public record Function(String logicalId, String handler, Map<String, Object> environment, List<Event> events,
                           int timeoutSeconds) {
    }

    public List<Resource> resources(String type) {
        List<Resource> found = new ArrayList<>();
        map(root.get("Resources")).forEach((id, value) -> {
            Map<String, Object> resource = map(value);
            if (type.equals(resource.get("Type"))) {
                found.add(new Resource(id, type, map(resource.get("Properties"))));
            }
        });
        return found;
    }

    /** Functions with their Globals merged in (environment variables, timeout), as SAM would. */
    public List<Function> functions() {
        Map<String, Object> globals = map(map(root.get("Globals")).get("Function"));
        List<Function> functions = new ArrayList<>();
        for (Resource resource : resources("AWS::Serverless::Function")) {
            Map<String, Object> props = resource.properties();
            Map<String, Object> env = new LinkedHashMap<>(variables(globals));
            env.putAll(variables(props));
            List<Event> events = new ArrayList<>();
            map(props.get("Events")).forEach((name, value) -> events.add(new Event(name,
                    String.valueOf(map(value).get("Type")), map(map(value).get("Properties")))));
            Object timeout = props.getOrDefault("Timeout", globals.getOrDefault("Timeout", 3));
            functions.add(new Function(resource.logicalId(), String.valueOf(props.get("Handler")), env, events,
                    Integer.parseInt(String.valueOf(timeout))));
        }
        return functions;
    }

    /**
     * The routes of the template's HttpApis as API Gateway imports them from their OpenAPI definitions
     * ({@code DefinitionBody}, inline or an {@code AWS::Include} of a local file): see {@link ApiDefinition}.
     */
    public List<ApiDefinition.Route> apiRoutes() {
        List<ApiDefinition.Route> routes = new ArrayList<>();
        for (Resource api : resources("AWS::Serverless::HttpApi")) {
            definitionBody(api).ifPresent(body -> routes.addAll(ApiDefinition.of(body).routes()));
        }
        return routes;
    }

    /** The HttpApi's OpenAPI document, inline or read from its {@code AWS::Include} location. */
    public Optional<Map<String, Object>> definitionBody(Resource api) {
        Map<String, Object> body = map(api.properties().get("DefinitionBody"));
        Map<String, Object> transform = map(body.get("Fn::Transform"));
        if (!"AWS::Include".equals(transform.get("Name"))) {
            return body.isEmpty() ? Optional.empty() : Optional.of(body);
        }
        Path location = directory.resolve(String.valueOf(map(transform.get("Parameters")).get("Location")));
        try (Reader reader = Files.newBufferedReader(location, StandardCharsets.UTF_8)) {
            return Optional.of(new Yaml(new IntrinsicConstructor()).load(reader));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + location + ", included by " + api.logicalId(), e);
        }
    }

    /** The template's {@code Globals.Function} properties (e.g. {@code LoggingConfig}), as written. */
    public Map<String, Object> globalFunctionProperties() {
        return map(map(root.get("Globals")).get("Function"));
    }

    public Map<String, Object> parameterDefaults() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        map(root.get("Parameters")).forEach((name, value) -> defaults.put(name, map(value).get("Default")));
        return defaults;
    }

    private static Map<String, Object> variables(Map<String, Object> props) {
        return map(map(props.get("Environment")).get("Variables"));
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** Reads {@code !Tag value} as {@code {"Fn::Tag": value}} ({@code !Ref} as {@code {"Ref": value}}). */
    private static final class IntrinsicConstructor extends SafeConstructor {

        IntrinsicConstructor() {
            super(new LoaderOptions());
            this.yamlConstructors.put(null, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue().substring(1);
                    String key = tag.equals("Ref") || tag.equals("Condition") ? tag : "Fn::" + tag;
                    Object value;
                    if (node instanceof ScalarNode scalar) {
                        value = constructScalar(scalar);
                    } else if (node instanceof SequenceNode sequence) {
                        value = constructSequence(sequence);
                    } else {
                        value = constructMapping((MappingNode) node);
                    }
                    return Map.of(key, value);
                }
            });
        }
    }
}
