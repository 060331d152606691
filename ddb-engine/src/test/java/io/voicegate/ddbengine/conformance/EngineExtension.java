package io.voicegate.ddbengine.conformance;

import io.voicegate.ddbengine.DynamoEngine;
import io.voicegate.ddbengine.EngineOptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts ONE {@link DynamoEngine} per test JVM (kept in the root {@link ExtensionContext} store, closed when the
 * whole run ends) and hands tests a {@link DynamoDbClient}, a {@link DynamoDbStreamsClient} and the engine itself as
 * parameters (constructor, {@code @BeforeAll}, {@code @Test} …). Tests talk to the engine only through the AWS SDK over
 * HTTP; the engine handle is for {@link DynamoEngine#expireNow()} and {@link DynamoEngine#endpoint()}.
 *
 * <p>Tests that add fault rules must not use this shared engine (see {@link FaultInjectionConformanceTest}).
 */
public final class EngineExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EngineExtension.class);

    /** The shared engine and its clients; closed once, at the end of the test run. */
    @SuppressWarnings("deprecation") // CloseableResource, as the brief asks; AutoCloseable too for newer JUnit
    static final class SharedEngine implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final DynamoEngine engine;
        final DynamoDbClient dynamo;
        final DynamoDbStreamsClient streams;
        private final AtomicBoolean closed = new AtomicBoolean();

        SharedEngine() {
            this.engine = DynamoEngine.start(EngineOptions.defaults());
            this.dynamo = Clients.dynamo(engine.endpoint());
            this.streams = Clients.streams(engine.endpoint());
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                try {
                    dynamo.close();
                    streams.close();
                } finally {
                    engine.close();
                }
            }
        }
    }

    static SharedEngine shared(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedEngine.class, k -> new SharedEngine(), SharedEngine.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == DynamoDbClient.class || type == DynamoDbStreamsClient.class || type == DynamoEngine.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        SharedEngine shared = shared(extensionContext);
        Class<?> type = parameterContext.getParameter().getType();
        if (type == DynamoDbClient.class) {
            return shared.dynamo;
        }
        if (type == DynamoDbStreamsClient.class) {
            return shared.streams;
        }
        if (type == DynamoEngine.class) {
            return shared.engine;
        }
        throw new ParameterResolutionException("unsupported parameter " + type);
    }
}
