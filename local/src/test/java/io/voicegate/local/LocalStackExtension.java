package io.voicegate.local;

import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.Money;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Starts one local stack (the local DynamoDB engine, ElasticMQ, the template's functions, routes and event sources)
 * per test JVM, shared by every test class that uses it; each test opens its own accounts, so tests never share
 * state.
 */
public final class LocalStackExtension implements BeforeAllCallback {

    /** The SenderId ElasticMQ reports for messages sent from this machine. */
    public static final String LOCAL_SENDER = "127.0.0.1";
    public static final String LOCAL_SENDER_ACCOUNT = "local-sqs-producer";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile LocalStack stack;
    private static volatile TestAccount localSender;

    public record TestAccount(String accountId, String apiKey) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (LocalStackExtension.class) {
            if (stack == null) {
                // The scheduled sweeper is left to the tests that drive it: a sweep at a random moment would race them.
                LocalStack started = LocalStack.start(LocalStack.Options.builder(root().resolve("template.yaml"))
                        .scheduleInterval(Duration.ofDays(1)).build());
                localSender = new TestAccount(LOCAL_SENDER_ACCOUNT, ApiKeys.generate(RANDOM));
                started.openAccount(LOCAL_SENDER_ACCOUNT, localSender.apiKey(), Money.ofUsd("1000"),
                        List.of(LOCAL_SENDER));
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                        .put(LocalStackExtension.class, (ExtensionContext.Store.CloseableResource) started::close);
                stack = started;
            }
        }
    }

    public static LocalStack stack() {
        return stack;
    }

    /** The account that messages sent to the local intake queue from this machine belong to. */
    public static TestAccount localSender() {
        return localSender;
    }

    /** The repository root (tests run from the module directory). */
    public static Path root() {
        return Path.of(System.getProperty("voicegate.root", "..")).toAbsolutePath().normalize();
    }

    public static TestAccount openAccount(Money balance, String... principals) {
        String id = "acct-" + UUID.randomUUID();
        String key = ApiKeys.generate(RANDOM);
        stack.openAccount(id, key, balance, List.of(principals));
        return new TestAccount(id, key);
    }

    /**
     * A whole local stack of the test's own, against this Kling simulator (signing in with its access and secret
     * key), with these variables over the template's and the scheduled functions out of the way (daily).
     */
    public static LocalStack ownStack(io.voicegate.local.kling.KlingSimulator kling, String accessKey,
                                      String secretKey, java.util.Map<String, String> overrides) {
        return LocalStack.start(LocalStack.Options.builder(root().resolve("template.yaml"))
                .overrides(overrides).scheduleInterval(Duration.ofDays(1))
                .kling(new LocalStack.KlingTarget(kling.baseUrl(), java.util.Optional.empty(),
                        java.util.Optional.of(accessKey), java.util.Optional.of(secretKey))).build());
    }

    /** An account with this balance on a stack of the test's own, and a client holding its new API key. */
    public static ApiClient ownAccount(LocalStack stack, String id, Money balance) {
        String key = ApiKeys.generate(RANDOM);
        stack.openAccount(id, key, balance, List.of());
        return new ApiClient(stack.baseUrl(), key);
    }
}
