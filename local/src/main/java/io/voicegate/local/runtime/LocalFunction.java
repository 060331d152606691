package io.voicegate.local.runtime;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.voicegate.config.Config;
import io.voicegate.config.Wiring;
import io.voicegate.local.template.SamTemplate;
import io.voicegate.port.Metrics;

import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.lang.reflect.InvocationTargetException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * One template function running in this JVM: its handler class built once (as in a Lambda execution environment)
 * through the same {@link Wiring} as in AWS, from the environment the template gives it plus the local endpoints.
 */
public final class LocalFunction {

    private final SamTemplate.Function spec;
    private final Map<String, String> environment;
    private final Wiring wiring;
    private volatile RequestHandler<Object, Object> handler;
    private volatile InvocationListener listener = InvocationListener.NONE;

    /**
     * @param metrics      this function's own metrics, as each Lambda function has its own
     * @param interceptors attached to the function's AWS SDK clients (e.g. to count its calls)
     */
    public LocalFunction(SamTemplate.Function spec, Map<String, String> environment, Clock clock, Metrics metrics,
                  List<ExecutionInterceptor> interceptors) {
        this.spec = spec;
        this.environment = Map.copyOf(environment);
        this.wiring = new Wiring(Config.fromEnv(environment), clock, metrics, interceptors);
    }

    /** The function's logical id in the template. */
    public String name() {
        return spec.logicalId();
    }

    public SamTemplate.Function spec() {
        return spec;
    }

    /** Its environment: the template's, resolved, with the local stack's additions. */
    public Map<String, String> environment() {
        return environment;
    }

    /** The wiring its handler is built from (its adapters, for tests that look behind the handler). */
    public Wiring wiring() {
        return wiring;
    }

    /** Calls the handler as the Lambda runtime would; exceptions are the invocation's error. */
    public Object invoke(Object event) {
        long start = System.nanoTime();
        try {
            return handler().handleRequest(event, new LocalContext(spec.logicalId(), spec.timeoutSeconds()));
        } finally {
            listener.invoked(spec.logicalId(), event, start, System.nanoTime());
        }
    }

    /** Told of every invocation once it has ended (the stack's instrumentation, e.g. for latency benchmarks). */
    public void listen(InvocationListener listener) {
        this.listener = listener;
    }

    /** Its init phase could not complete (its configuration is refused, for one): the function cannot run. */
    public static final class InitFailedException extends IllegalStateException {
        InitFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Builds the handler now, as Lambda's init phase does before the first event, so a function that cannot start
     * says so when the stack starts rather than failing every invocation.
     *
     * @throws InitFailedException the handler's constructor failed; the message names the function and the reason
     */
    public void init() {
        handler();
    }

    @SuppressWarnings("unchecked")
    private RequestHandler<Object, Object> handler() {
        if (handler == null) {
            synchronized (this) {
                if (handler == null) {
                    String className = spec.handler().split("::", 2)[0];
                    try {
                        Class<?> type = Class.forName(className);
                        handler = (RequestHandler<Object, Object>) type.getConstructor(Wiring.class)
                                .newInstance(wiring);
                    } catch (InvocationTargetException e) {
                        Throwable cause = e.getCause();
                        throw new InitFailedException(spec.logicalId() + " cannot start: "
                                + (cause.getMessage() == null ? cause.toString() : cause.getMessage()), cause);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("handler " + className + " of " + spec.logicalId()
                                + " needs a public constructor taking Wiring", e);
                    }
                }
            }
        }
        return handler;
    }
}
