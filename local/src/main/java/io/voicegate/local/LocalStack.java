package io.voicegate.local;

import io.voicegate.config.Config;
import io.voicegate.config.Secrets;
import io.voicegate.config.Wiring;
import io.voicegate.ddbengine.DynamoEngine;
import io.voicegate.ddbengine.EngineOptions;
import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.Money;
import io.voicegate.local.engine.FreePorts;
import io.voicegate.local.engine.LocalSqs;
import io.voicegate.local.eventsource.DynamoStreamEventSource;
import io.voicegate.local.eventsource.EventSource;
import io.voicegate.local.eventsource.ScheduleEventSource;
import io.voicegate.local.eventsource.SqsEventSource;
import io.voicegate.local.kling.KlingSimulator;
import io.voicegate.local.runtime.AdminToken;
import io.voicegate.local.runtime.ApiGatewayFront;
import io.voicegate.local.runtime.HttpRoutes;
import io.voicegate.local.runtime.InvocationListener;
import io.voicegate.local.runtime.LocalFunction;
import io.voicegate.local.template.ApiDefinition;
import io.voicegate.local.template.Intrinsics;
import io.voicegate.local.template.LocalResources;
import io.voicegate.local.template.SamTemplate;
import io.voicegate.port.AccountStore;
import io.voicegate.port.Metrics;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The whole stack on embedded engines, built from {@code template.yaml}: voicegate's DynamoDB-protocol engine and
 * ElasticMQ on loopback, the template's tables and queues, its functions in this JVM, its HttpApi routes on an HTTP
 * front, and its SQS event sources polling. A function or trigger added to the template works here without touching
 * this class.
 *
 * <p>In memory by default. With a data directory, tables, items and stream records ({@code DIR/dynamodb}), queues and
 * their messages ({@code DIR/sqs}) and the secret of the Kling callback URLs ({@code DIR/callback-secret}) survive a
 * stop or a kill: started again on the same directory, the stack reuses its tables and queues and finishes what was
 * in flight.
 */
public final class LocalStack implements AutoCloseable {

    private static final String CREDENTIAL = "local";
    /** The simulator's account: what the local stack's functions sign their Kling JWTs with. */
    static final String SIMULATOR_ACCESS_KEY = "local-access-key";
    static final String SIMULATOR_SECRET_KEY = "local-secret-key-for-the-kling-simulator";

    private final DynamoEngine dynamoEngine;
    private final LocalSqs sqsEngine;
    private final DynamoDbClient dynamo;
    private final SqsClient sqs;
    private final DynamoDbStreamsClient streams;
    private final LocalResources resources;
    private final Map<String, LocalFunction> functions = new LinkedHashMap<>();
    private final List<EventSource> eventSources = new ArrayList<>();
    private final ApiGatewayFront front;
    private final Optional<KlingSimulator> simulator;
    /** Stands in for SigV4 on the template's AWS_IAM routes (the admin API): {@code Authorization: Bearer TOKEN}. */
    private final AdminToken adminToken = new AdminToken(ApiKeys.generate(new SecureRandom()).replace(
            ApiKeys.PREFIX, "vgadmin_"));

    /**
     * What the stack runs and how; built with {@link #builder(Path)}, e.g.
     * {@code Options.builder(template).port(3000).scheduleInterval(Duration.ofSeconds(5)).build()}.
     *
     * @param template             the SAM template to run
     * @param port                 the HTTP front's port on 127.0.0.1 (0 picks a free one)
     * @param allowInsecureWebhooks let webhook URLs use http and loopback hosts (a local-only switch)
     * @param overrides            environment given to every function on top of the template's
     * @param clock                the functions' clock and the DynamoDB engine's
     * @param kling                a Kling to talk to instead of starting the built-in simulator
     * @param publicBaseUrl        the base of the callback URLs given to Kling; empty: the stack's own URL
     * @param scheduleInterval     fire scheduled functions at this interval instead of their schedules'
     * @param dataDir              where tables, queues and their contents are kept across restarts; empty keeps
     *                             them in memory only
     * @param dynamoPort           the DynamoDB engine's port on 127.0.0.1 (0 picks a free one)
     * @param sqsPort              ElasticMQ's port on 127.0.0.1 (0 picks a free one)
     * @param maxReceiveCounts     queues' {@code maxReceiveCount} by logical id, over the template's redrive policies
     * @param awsInterceptors      SDK interceptors for each function's AWS clients, by the function's logical id
     * @param untriggered          functions whose SQS, stream and schedule triggers are not attached
     * @param simulator            how the built-in Kling simulator behaves (when no other Kling is given)
     */
    public record Options(Path template, int port, boolean allowInsecureWebhooks, Map<String, String> overrides,
                          Clock clock, Optional<KlingTarget> kling, Optional<String> publicBaseUrl,
                          Optional<Duration> scheduleInterval, Optional<Path> dataDir, int dynamoPort,
                          int sqsPort, Map<String, Integer> maxReceiveCounts,
                          Function<String, List<ExecutionInterceptor>> awsInterceptors,
                          Set<String> untriggered, SimulatorSettings simulator) {

        /** The defaults for this template: free ports, in memory, the built-in simulator, the template's schedules. */
        public static Builder builder(Path template) {
            return new Builder(template);
        }

        /** Settings of a {@link LocalStack}; each method returns the builder, {@link #build()} the options. */
        public static final class Builder {

            private final Path template;
            private int port;
            private boolean allowInsecureWebhooks = true;
            private final Map<String, String> overrides = new LinkedHashMap<>();
            private Clock clock = Clock.systemUTC();
            private Optional<KlingTarget> kling = Optional.empty();
            private Optional<String> publicBaseUrl = Optional.empty();
            private Optional<Duration> scheduleInterval = Optional.empty();
            private Optional<Path> dataDir = Optional.empty();
            private int dynamoPort;
            private int sqsPort;
            private final Map<String, Integer> maxReceiveCounts = new HashMap<>();
            private Function<String, List<ExecutionInterceptor>> awsInterceptors = function -> List.of();
            private Set<String> untriggered = Set.of();
            private SimulatorSettings simulator = SimulatorSettings.DEFAULTS;

            private Builder(Path template) {
                this.template = template;
            }

            /** The HTTP front's port on 127.0.0.1; the default 0 picks a free one. */
            public Builder port(int port) {
                this.port = port;
                return this;
            }

            /** Let webhook URLs use http and loopback hosts (a local-only switch, on by default). */
            public Builder allowInsecureWebhooks(boolean allow) {
                this.allowInsecureWebhooks = allow;
                return this;
            }

            /** Set these variables in every function's environment, over the template's and those given before. */
            public Builder overrides(Map<String, String> variables) {
                this.overrides.putAll(variables);
                return this;
            }

            /** The functions' clock and the DynamoDB engine's; the default is the system's, in UTC. */
            public Builder clock(Clock clock) {
                this.clock = clock;
                return this;
            }

            /** Talk to this Kling instead of starting the simulator. */
            public Builder kling(KlingTarget target) {
                this.kling = Optional.of(target);
                return this;
            }

            /** The base of the callback URLs given to Kling (default: the local stack's own URL). */
            public Builder publicBaseUrl(String url) {
                this.publicBaseUrl = Optional.of(url);
                return this;
            }

            /** Fire scheduled functions at this interval instead of the template's (e.g. the sweeper, faster). */
            public Builder scheduleInterval(Duration interval) {
                this.scheduleInterval = Optional.of(interval);
                return this;
            }

            /** Keep tables, queues and their contents in this directory, across restarts. */
            public Builder dataDir(Path dir) {
                this.dataDir = Optional.of(dir);
                return this;
            }

            /** The DynamoDB engine's port on 127.0.0.1; the default 0 picks a free one. */
            public Builder dynamoPort(int port) {
                this.dynamoPort = port;
                return this;
            }

            /** ElasticMQ's port on 127.0.0.1; the default 0 picks a free one. */
            public Builder sqsPort(int port) {
                this.sqsPort = port;
                return this;
            }

            /**
             * A queue's {@code maxReceiveCount} (its redrive policy) instead of the template's, by logical id, e.g. to
             * make a delivery's retries run out quickly; applied when the stack creates the queue.
             */
            public Builder maxReceiveCount(String queue, int count) {
                this.maxReceiveCounts.put(queue, count);
                return this;
            }

            /**
             * SDK interceptors for the AWS clients of each function, by its logical id (e.g. to count every call a
             * function makes); the stack's own clients (table and queue set-up, {@link LocalStack#dynamo()}) get none.
             */
            public Builder awsInterceptors(Function<String, List<ExecutionInterceptor>> interceptors) {
                this.awsInterceptors = interceptors;
                return this;
            }

            /**
             * These functions (logical ids) get no SQS, stream or schedule trigger: messages for them wait in their
             * queues, e.g. so a benchmark of the submit path runs without the rest of each request's life alongside.
             */
            public Builder untriggered(Set<String> functions) {
                this.untriggered = Set.copyOf(functions);
                return this;
            }

            /** The built-in simulator's task time (create to end) and concurrency limit (0: none). */
            public Builder simulator(SimulatorSettings settings) {
                this.simulator = settings;
                return this;
            }

            public Options build() {
                return new Options(template, port, allowInsecureWebhooks, Map.copyOf(overrides), clock, kling,
                        publicBaseUrl, scheduleInterval, dataDir, dynamoPort, sqsPort, Map.copyOf(maxReceiveCounts),
                        awsInterceptors, untriggered, simulator);
            }
        }
    }

    /**
     * The built-in Kling simulator's behaviour: how long a task takes from create to end (default 700 ms) and how many
     * tasks it lets run at once, answering 1303 beyond (0, the default: no limit), as Kling does for a resource pack.
     */
    public record SimulatorSettings(Duration taskTime, int concurrencyLimit) {
        public static final SimulatorSettings DEFAULTS = new SimulatorSettings(Duration.ofMillis(700), 0);
    }

    /** A real Kling endpoint and its credentials: an API key, or an access key / secret key pair. */
    public record KlingTarget(URI baseUrl, Optional<String> apiKey, Optional<String> accessKey,
                              Optional<String> secretKey) {
    }

    private LocalStack(Options options, Function<String, Metrics> metrics) throws IOException {
        SamTemplate template = SamTemplate.load(options.template());
        EngineOptions engineOptions = EngineOptions.defaults().withPort(options.dynamoPort())
                .withClock(options.clock());
        if (options.dataDir().isPresent()) {
            engineOptions = engineOptions.withDataDir(options.dataDir().get().resolve("dynamodb"));
        }
        dynamoEngine = DynamoEngine.start(engineOptions);
        try {
            sqsEngine = LocalSqs.start(options.sqsPort(), options.dataDir().map(dir -> dir.resolve("sqs")));
        } catch (Exception e) { // ElasticMQ's failed bind is the checked BindException, rethrown by Scala
            dynamoEngine.close();
            throw e;
        }
        dynamo = DynamoDbClient.builder().endpointOverride(dynamoEngine.endpoint()).region(Region.of(LocalSqs.REGION))
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build();
        sqs = SqsClient.builder().endpointOverride(sqsEngine.endpoint()).region(Region.of(LocalSqs.REGION))
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build();
        streams = DynamoDbStreamsClient.builder().endpointOverride(dynamoEngine.endpoint())
                .region(Region.of(LocalSqs.REGION)).credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create()).build();

        resources = new LocalResources();
        resources.createTables(template, dynamo);
        Intrinsics intrinsics = resources.intrinsics(template, LocalSqs.REGION);
        resources.createQueues(template, sqs, intrinsics, options.maxReceiveCounts());
        // The HTTP API's id only appears in URLs the local stack replaces with its own (PUBLIC_BASE_URL).
        template.resources("AWS::Serverless::HttpApi").forEach(api -> resources.putRef(api.logicalId(), "local"));

        int port = options.port() == 0 ? FreePorts.pick() : options.port();
        simulator = options.kling().isPresent() ? Optional.empty()
                : Optional.of(KlingSimulator.builder().accessKey(SIMULATOR_ACCESS_KEY, SIMULATOR_SECRET_KEY)
                        .taskTime(options.simulator().taskTime())
                        .concurrencyLimit(options.simulator().concurrencyLimit()).start());
        Map<String, String> local = localEnvironment(options, port);

        HttpRoutes routes = new HttpRoutes();
        for (SamTemplate.Function spec : template.functions()) {
            Map<String, String> env = new HashMap<>();
            spec.environment().forEach((name, value) -> env.put(name, intrinsics.resolve(value)));
            env.putAll(local);
            LocalFunction function = new LocalFunction(spec, env, options.clock(), metrics.apply(spec.logicalId()),
                    options.awsInterceptors().apply(spec.logicalId()));
            functions.put(spec.logicalId(), function);
            for (SamTemplate.Event event : spec.events()) {
                if (event.type().equals("HttpApi")) {
                    Map<String, Object> p = event.properties();
                    boolean iam = "AWS_IAM".equals(SamTemplate.map(p.get("Auth")).get("Authorizer"));
                    routes.add((String) p.get("Method"), (String) p.get("Path"), function, iam);
                }
            }
        }
        // The routes of the HttpApi's OpenAPI definition (template.yaml includes openapi.yaml), as API Gateway
        // imports them: each calls the function its integration names, admin routes need SigV4 (here the token).
        for (ApiDefinition.Route route : template.apiRoutes()) {
            routes.add(route.method(), route.path(), function(route.function()), route.iam());
        }
        // Lambda runs each function's init before its first event: a function that cannot start fails the stack
        try {
            functions.values().forEach(LocalFunction::init);
        } catch (LocalFunction.InitFailedException e) {
            closeEngines();
            throw e;
        }
        front = new ApiGatewayFront(routes, port, adminToken);
        for (LocalFunction function : functions.values()) {
            if (options.untriggered().contains(function.name())) {
                continue;
            }
            for (SamTemplate.Event event : function.spec().events()) {
                switch (event.type()) {
                    case "SQS" -> eventSources.add(new SqsEventSource(function.name(), function::invoke, event,
                            intrinsics::resolve, sqs, resources::queueUrlForArn));
                    case "DynamoDB" -> eventSources.add(new DynamoStreamEventSource(function.name(), function::invoke,
                            event, intrinsics::resolve, streams, sqs, resources::queueUrlForArn));
                    case "Schedule" -> eventSources.add(new ScheduleEventSource(function.name(), function::invoke,
                            event, intrinsics::resolve, options.scheduleInterval(), options.clock()));
                    default -> {
                        // HttpApi events are served by the front; other kinds are not used by the template.
                    }
                }
            }
        }
    }

    /** What the local stack adds to every function's environment: endpoints, credentials, Kling, switches. */
    private Map<String, String> localEnvironment(Options options, int port) {
        Map<String, String> env = new HashMap<>();
        env.put(Config.AWS_REGION, LocalSqs.REGION);
        env.put(Config.AWS_ENDPOINT_URL + "_DYNAMODB", dynamoEngine.endpoint().toString());
        env.put(Config.AWS_ENDPOINT_URL + "_SQS", sqsEngine.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", CREDENTIAL);
        env.put("AWS_SECRET_ACCESS_KEY", CREDENTIAL);
        env.put(Config.ALLOW_INSECURE_WEBHOOKS, Boolean.toString(options.allowInsecureWebhooks()));
        env.put(Config.PUBLIC_BASE_URL, options.publicBaseUrl().orElse("http://127.0.0.1:" + port));
        env.put(Config.CALLBACK_SECRET, callbackSecret(options.dataDir()));
        if (simulator.isPresent()) {
            env.put(Config.KLING_BASE_URL, simulator.get().baseUrl().toString());
            env.put(Config.KLING_ACCESS_KEY, SIMULATOR_ACCESS_KEY);
            env.put(Config.KLING_SECRET_KEY, SIMULATOR_SECRET_KEY);
            env.put(Config.KLING_API_KEY, "");
        } else {
            KlingTarget target = options.kling().get();
            env.put(Config.KLING_BASE_URL, target.baseUrl().toString());
            env.put(Config.KLING_API_KEY, target.apiKey().orElse(""));
            env.put(Config.KLING_ACCESS_KEY, target.accessKey().orElse(""));
            env.put(Config.KLING_SECRET_KEY, target.secretKey().orElse(""));
        }
        // Secrets come as plain variables here, never from SSM: the template's *_PARAMETER names are blanked.
        Secrets.NAMES.forEach(name -> env.put(name + Secrets.PARAMETER_SUFFIX, ""));
        env.putAll(options.overrides());
        return env;
    }

    /**
     * The secret of the Kling callback URLs' tokens: new for each in-memory stack; with a data directory, created once
     * and kept there, so callbacks for tasks created before a restart are still accepted after it.
     */
    private static String callbackSecret(Optional<Path> dataDir) {
        if (dataDir.isEmpty()) {
            return ApiKeys.generate(new SecureRandom());
        }
        Path file = dataDir.get().resolve("callback-secret");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir.get());
                Path fresh = Files.createTempFile(dataDir.get(), "callback-secret", ".tmp");
                Files.writeString(fresh, ApiKeys.generate(new SecureRandom()));
                Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE);
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the callback secret in " + file, e);
        }
    }

    /** A stack whose functions record no metrics. */
    public static LocalStack start(Options options) {
        return start(options, function -> Metrics.NONE);
    }

    /** @param metrics each function's metrics, by the function's logical id (called once per function) */
    public static LocalStack start(Options options, Function<String, Metrics> metrics) {
        try {
            return new LocalStack(options, metrics);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(CREDENTIAL, CREDENTIAL));
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + front.port());
    }

    /**
     * The token that opens the admin routes here, in place of SigV4 (generated at start, shown once by
     * {@code ./voicegate local}).
     */
    public String adminToken() {
        return adminToken.value();
    }

    /** Makes {@code token} the admin token (e.g. {@code --admin-token}); the generated one stops working. */
    public void useAdminToken(String token) {
        adminToken.replace(token);
    }

    /** Tells {@code listener} of every function invocation from now on (one listener at a time). */
    public void onInvocation(InvocationListener listener) {
        functions.values().forEach(function -> function.listen(listener));
    }

    /** The Kling simulator, unless the stack talks to a real Kling. */
    public Optional<KlingSimulator> simulator() {
        return simulator;
    }

    /** The DynamoDB engine (DynamoDB and DynamoDB Streams on one endpoint), e.g. for its fault injection. */
    public DynamoEngine dynamoEngine() {
        return dynamoEngine;
    }

    /** Where DynamoDB and DynamoDB Streams clients (the SDK, the AWS CLI) reach the stack's tables. */
    public URI dynamoEndpoint() {
        return dynamoEngine.endpoint();
    }

    /** Where SQS clients reach the stack's queues. */
    public URI sqsEndpoint() {
        return sqsEngine.endpoint();
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public SqsClient sqs() {
        return sqs;
    }

    /** What {@code !Ref} gives for a template resource: a table's name, a queue's URL. */
    public String ref(String logicalId) {
        return resources.ref(logicalId);
    }

    /** The environment a template function runs with here. */
    public Map<String, String> environment(String functionLogicalId) {
        return function(functionLogicalId).environment();
    }

    LocalFunction function(String logicalId) {
        LocalFunction function = functions.get(logicalId);
        if (function == null) {
            throw new IllegalArgumentException("no function " + logicalId + " in the template");
        }
        return function;
    }

    /** Opens an account through the production use case (any function's wiring reaches the accounts table). */
    public void openAccount(String accountId, String apiKey, Money balance, List<String> principals) {
        anyWiring().openAccount().open(accountId, apiKey, balance, principals);
    }

    /**
     * Opens the account unless it exists (a stack restarted on its data directory keeps its accounts): an existing
     * account keeps its balance, ledger and key, and is allowed the principals.
     *
     * @return false when the account existed already
     */
    public boolean openAccountIfAbsent(String accountId, String apiKey, Money balance, List<String> principals) {
        var accounts = anyWiring().accountStore();
        if (accounts.snapshot(accountId, 1).isEmpty()) {
            try {
                openAccount(accountId, apiKey, balance, principals);
                return true;
            } catch (AccountStore.AccountExistsException e) {
                if (accounts.snapshot(accountId, 1).isEmpty()) {
                    throw e; // the key belongs to another account
                }
            }
        }
        principals.forEach(principal -> accounts.allowPrincipal(accountId, principal));
        return false;
    }

    /** Whether this API key opens this account. */
    public boolean hasKey(String accountId, String apiKey) {
        return anyWiring().accountStore().accountForKeyHash(ApiKeys.hash(apiKey)).filter(accountId::equals)
                .isPresent();
    }

    private Wiring anyWiring() {
        return functions.values().iterator().next().wiring();
    }

    @Override
    public void close() {
        eventSources.forEach(EventSource::close);
        front.close();
        closeEngines();
    }

    /** The simulator, the clients and the engines: what the stack starts before its functions. */
    private void closeEngines() {
        simulator.ifPresent(KlingSimulator::close);
        sqs.close();
        streams.close();
        dynamo.close();
        sqsEngine.close();
        dynamoEngine.close();
    }
}
