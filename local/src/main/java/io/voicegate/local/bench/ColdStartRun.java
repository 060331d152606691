package io.voicegate.local.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * One cold start in a fresh JVM, as the Lambda Java runtime performs it: the function's jar in its own class loader
 * (a child of the runtime's, which holds {@code aws-lambda-java-core} and {@code aws-lambda-java-serialization}), the
 * handler class loaded by name and built with its no-argument constructor, and the runtime's serializers for the
 * handler's input and output types built ({@code LambdaEventSerializers} for Lambda's event classes, Jackson for the
 * rest) (the init phase); then one event read from its JSON by the input serializer, handled, and the answer written
 * back to JSON (the first invocation).
 *
 * <p>With {@code snapstart} as a fifth argument, the run stands for a function restored from a SnapStart snapshot:
 * after init the handler's runtime hooks run as Lambda runs them around the snapshot, {@code beforeCheckpoint} (when
 * a version is published, before the snapshot) and then {@code afterRestore} (in the restored environment, before its
 * first event), and the first event is timed from the restore. A handler that is no {@code org.crac.Resource} has no
 * hooks. What this cannot show: the restore itself (Lambda loading the snapshot's memory), and connections opened
 * while priming, which a restored function finds closed.
 *
 * <p>Run by {@link ColdStartBenchmark} with only this class on the JVM's class path:
 * {@code ColdStartRun JAR HANDLER_CLASS EVENT_FILE RESULT_FILE [snapstart]}. It writes
 * {@code init_ns checkpoint_ns event_ns answer} to RESULT_FILE (checkpoint 0 without {@code snapstart}; the event
 * from the end of init, or from the restore; the answer's first 300 characters) and exits; what the handler logs goes
 * to stdout and stderr.
 */
public final class ColdStartRun {

    private ColdStartRun() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        String handlerClass = args[1];
        byte[] event = Files.readAllBytes(Path.of(args[2]));
        Path result = Path.of(args[3]);
        boolean snapStart = args.length > 4 && args[4].equals("snapstart");

        long start = System.nanoTime();
        URLClassLoader function = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ColdStartRun.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(function);
        Class<?> type = Class.forName(handlerClass, true, function);
        @SuppressWarnings("unchecked")
        RequestHandler<Object, Object> handler = (RequestHandler<Object, Object>) type.getConstructor().newInstance();
        // The runtime builds the input and output serializers when it loads the handler, so during init
        // (aws-lambda-java-runtime-interface-client, EventHandlerLoader.PojoHandlerAsStreamHandler's constructor).
        Type[] io = requestHandlerTypes(type);
        PojoSerializer<Object> in = serializer(io[0], function);
        PojoSerializer<Object> out = serializer(io[1], function);
        long initialized = System.nanoTime();
        long restored = initialized;
        if (snapStart) {
            hook(handler, "beforeCheckpoint");
            restored = System.nanoTime();
            hook(handler, "afterRestore");
        }

        Object input = in.fromJson(new ByteArrayInputStream(event));
        Object output = handler.handleRequest(input, new RunContext(type.getSimpleName()));
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        out.toJson(output, answer);
        long answered = System.nanoTime();

        String text = answer.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        Files.writeString(result, (initialized - start) + " " + (restored - initialized) + " " + (answered - restored)
                + " " + text.substring(0, Math.min(300, text.length())));
    }

    /**
     * Runs one of the handler's SnapStart hooks, as the runtime does through {@code Core.getGlobalContext()} (whose
     * compat implementation keeps no resources on a JVM without CRaC, so the handler is called directly, as the
     * context would call it; the handlers here read nothing from the context). Nothing for a handler without hooks.
     */
    private static void hook(Object handler, String name) throws ReflectiveOperationException {
        for (Method method : handler.getClass().getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == 1
                    && method.getParameterTypes()[0].getName().equals("org.crac.Context")) {
                method.invoke(handler, (Object) null);
                return;
            }
        }
    }

    /** The runtime's choice (aws-lambda-java-runtime-interface-client, {@code EventHandlerLoader.getSerializer}). */
    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializer(Type type, ClassLoader function) {
        if (type instanceof Class<?> c && LambdaEventSerializers.isLambdaSupportedEvent(c.getName())) {
            return LambdaEventSerializers.serializerFor((Class<Object>) c, function);
        }
        return JacksonFactory.getInstance().getSerializer(type);
    }

    /** The {@code I} and {@code O} of the {@code RequestHandler<I, O>} the class implements. */
    private static Type[] requestHandlerTypes(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Type implemented : c.getGenericInterfaces()) {
                if (implemented instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                    return p.getActualTypeArguments();
                }
            }
        }
        throw new IllegalArgumentException(type + " does not implement RequestHandler<I, O>");
    }

    /**
     * What the runtime hands every invocation: an id, a deadline and a logger on stdout. The same shape as the local
     * stack's {@code runtime.LocalContext}, kept apart on purpose: this JVM has nothing else of ours on its class path.
     */
    record RunContext(String function) implements Context {

        private static final String REQUEST_ID = UUID.randomUUID().toString();

        @Override
        public String getAwsRequestId() {
            return REQUEST_ID;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + function;
        }

        @Override
        public String getLogStreamName() {
            return "cold-start";
        }

        @Override
        public String getFunctionName() {
            return function;
        }

        @Override
        public String getFunctionVersion() {
            return "1";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:local:000000000000:function:" + function;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 30_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.out.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.out.write(message, 0, message.length);
                }
            };
        }
    }
}
