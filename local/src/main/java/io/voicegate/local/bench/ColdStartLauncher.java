package io.voicegate.local.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.voicegate.local.template.SamTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link ColdStartRun} in a fresh JVM for one function of the template: the function's deployed jar (its
 * {@code CodeUri}, e.g. {@code submit-function/target/lambda.jar}) and handler, the environment the local stack gives
 * it plus what Lambda adds ({@code AWS_LAMBDA_LOG_FORMAT} and {@code AWS_LAMBDA_LOG_LEVEL} from the template's
 * {@code LoggingConfig}), and on the JVM's class path only what the Lambda runtime has there: {@code ColdStartRun}
 * itself, {@code aws-lambda-java-core} and {@code aws-lambda-java-serialization}. The template's
 * {@code JAVA_TOOL_OPTIONS} reaches the JVM through that environment, as in Lambda.
 */
public final class ColdStartLauncher {

    /** A function as the bench runs it: its handler class and jar. */
    public record Function(String logicalId, String handlerClass, Path jar) {
    }

    /**
     * One run's times (nanoseconds): init, the SnapStart checkpoint hook (0 unless the run stands for a restored
     * function), and the first event (from the end of init, or from the restore).
     */
    public record Run(long initNanos, long checkpointNanos, long eventNanos, String answer, String output,
                      int exitCode) {

        /** What a caller of a function without a snapshot waits for: init and the first event. */
        public long coldNanos() {
            return initNanos + eventNanos;
        }

        public boolean ok() {
            return exitCode == 0 && initNanos > 0;
        }
    }

    private static final long TIMEOUT_SECONDS = 120;

    private final Path root;
    private final Path work;
    private final String classPath;
    private final Map<String, String> lambdaEnvironment;

    /**
     * @param root     the repository root (jars are resolved against it)
     * @param template the template whose functions are run
     */
    public ColdStartLauncher(Path root, Path template) throws IOException {
        this.root = root;
        this.work = Files.createTempDirectory("voicegate-cold");
        Path classes = work.resolve("runtime");
        for (String name : List.of("", "$RunContext", "$RunContext$1")) {
            copyClass(classes, ColdStartRun.class.getName() + name);
        }
        this.classPath = String.join(java.io.File.pathSeparator, classes.toString(), jarOf(RequestHandler.class),
                jarOf(LambdaEventSerializers.class));
        this.lambdaEnvironment = lambdaLogging(template);
    }

    /** The template's functions with their handler class and deployed jar. */
    public List<Function> functions(Path template) {
        SamTemplate sam = SamTemplate.load(template);
        List<Function> functions = new ArrayList<>();
        for (SamTemplate.Resource resource : sam.resources("AWS::Serverless::Function")) {
            String handler = String.valueOf(resource.properties().get("Handler")).split("::", 2)[0];
            // CodeUri names the module that sam build makes the function from (its Makefile copies target/lambda.jar)
            Path code = root.resolve(String.valueOf(resource.properties().get("CodeUri")));
            Path jar = Files.isDirectory(code) ? code.resolve("target/lambda.jar") : code;
            functions.add(new Function(resource.logicalId(), handler, jar));
        }
        return functions;
    }

    /**
     * Runs {@code handlerClass} from {@code jar} on one event, in a fresh JVM, with this environment; with
     * {@code snapStart}, as a function restored from a SnapStart snapshot ({@link ColdStartRun}).
     */
    public Run run(Path jar, String handlerClass, Path event, Map<String, String> environment, boolean snapStart)
            throws IOException, InterruptedException {
        Path result = Files.createTempFile(work, "result", ".txt");
        Path output = Files.createTempFile(work, "output", ".txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:+UseSerialGC", "-Xshare:auto", "-cp", classPath, ColdStartRun.class.getName(),
                jar.toString(), handlerClass, event.toString(), result.toString()));
        if (snapStart) {
            command.add("snapstart");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().putAll(lambdaEnvironment);
        // Lambda's defined runtime variables that libraries probe to know they run in Lambda (EMF then writes its
        // metrics to stdout instead of looking for a CloudWatch agent)
        builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", handlerClass.substring(handlerClass.lastIndexOf('.') + 1));
        builder.environment().put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        // and the time zone Lambda sets (TZ, ":UTC"), so the JVM's and Joda-Time's default zone is UTC as there
        builder.environment().put("TZ", ":UTC");
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(handlerClass + " did not finish within " + TIMEOUT_SECONDS + " s");
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        String[] parts = Files.readString(result).split(" ", 4);
        Files.deleteIfExists(result);
        Files.deleteIfExists(output);
        if (parts.length < 4) {
            return new Run(0, 0, 0, "", printed, process.exitValue() == 0 ? -1 : process.exitValue());
        }
        return new Run(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]), parts[3],
                printed, process.exitValue());
    }

    /** What Lambda sets from the template's {@code Globals.Function.LoggingConfig} (JSON format only). */
    private static Map<String, String> lambdaLogging(Path template) {
        Map<String, Object> globals = SamTemplate.load(template).globalFunctionProperties();
        Object logging = globals.get("LoggingConfig");
        Map<String, String> env = new LinkedHashMap<>();
        if (logging instanceof Map<?, ?> config && "JSON".equals(config.get("LogFormat"))) {
            env.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
            Object level = config.get("ApplicationLogLevel");
            env.put("AWS_LAMBDA_LOG_LEVEL", level == null ? "INFO" : String.valueOf(level));
        }
        return env;
    }

    private static void copyClass(Path dir, String className) throws IOException {
        String file = className.replace('.', '/') + ".class";
        Path target = dir.resolve(file);
        Files.createDirectories(target.getParent());
        try (InputStream in = ColdStartRun.class.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException(file + " is not on the class path");
            }
            Files.copy(in, target);
        }
    }

    private static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The template without any function's {@code Events}: its tables and queues, but no trigger runs. The copy lives
     * elsewhere, so an {@code AWS::Include}'s relative {@code Location} is made absolute.
     */
    public static Path withoutEvents(Path template) {
        try {
            List<String> kept = new ArrayList<>();
            int skipDeeperThan = -1;
            for (String line : Files.readAllLines(template, StandardCharsets.UTF_8)) {
                int indent = line.length() - line.stripLeading().length();
                if (skipDeeperThan >= 0) {
                    if (line.isBlank() || indent > skipDeeperThan) {
                        continue;
                    }
                    skipDeeperThan = -1;
                }
                if (line.stripLeading().equals("Events:") && indent > 0) {
                    skipDeeperThan = indent;
                    continue;
                }
                if (line.stripLeading().startsWith("Location: ")) {
                    String location = line.stripLeading().substring("Location: ".length()).strip();
                    line = line.substring(0, indent) + "Location: "
                            + template.toAbsolutePath().getParent().resolve(location);
                }
                kept.add(line);
            }
            Path copy = Files.createTempFile("voicegate-template", ".yaml");
            Files.write(copy, kept, StandardCharsets.UTF_8);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of {@code environment} with these entries added. */
    static Map<String, String> with(Map<String, String> environment, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(environment);
        env.putAll(more);
        return env;
    }
}
