package io.voicegate.config;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The gateway's secrets: Kling's API key or access key / secret key pair, the callback secret and Kling's webhook
 * secret. In AWS each one's {@code NAME_PARAMETER} variable names an SSM Parameter Store (SecureString) parameter
 * (template.yaml sets them under {@code SecretsPath}), and the value is fetched from there; without it the plain
 * {@code NAME} variable is read, as the local stack sets them. A parameter that does not exist counts as not
 * configured (an optional secret, such as Kling's webhook secret, is simply not created).
 *
 * <p>Values are fetched together, once at start, and again on {@link #refresh()}. Under SnapStart
 * ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}) nothing is fetched before the snapshot, so no secret is ever
 * in it: the runtime hook that runs after a restore calls {@link #refresh()} (on {@code Wiring.secrets()}), and
 * without it the first use fetches.
 * Consumers read through the suppliers, so they always see the current values.
 */
public final class Secrets {

    /** What a secret's variable name gets to name its SSM parameter: {@code KLING_API_KEY_PARAMETER}. */
    public static final String PARAMETER_SUFFIX = "_PARAMETER";
    /** Every secret setting, by the name of its plain variable. */
    public static final List<String> NAMES = List.of(Config.KLING_API_KEY, Config.KLING_ACCESS_KEY,
            Config.KLING_SECRET_KEY, Config.CALLBACK_SECRET, Config.KLING_WEBHOOK_SECRET);
    /** Lambda's variable naming how the environment started (Lambda developer guide, "Defined runtime variables"). */
    static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";
    static final String SNAP_START = "snap-start";

    /** Where parameter values come from (SSM Parameter Store in AWS). */
    @FunctionalInterface
    public interface Source {

        /**
         * @param parameterNames names of SecureString (or String) parameters, at most ten
         * @return the decrypted value of each parameter that exists, by name; missing ones are left out
         * @throws IllegalStateException when the store cannot be read (denied, unreachable): nothing is guessed
         */
        Map<String, String> values(Collection<String> parameterNames);
    }

    private final Config config;
    private final Source source;
    private final boolean deferred;
    private Map<String, Optional<String>> values;

    /** Fetches every secret now, unless the function is being initialised for a SnapStart snapshot. */
    public Secrets(Config config, Source source) {
        this.config = config;
        this.source = source;
        this.deferred = SNAP_START.equals(config.optional(INITIALIZATION_TYPE).orElse(""));
        if (!deferred) {
            refresh();
        }
    }

    /** Whether fetching waits for {@link #refresh()} or first use (SnapStart initialisation). */
    public boolean deferred() {
        return deferred;
    }

    /**
     * Fetches every secret again, in one call to the parameter store. Call it after a SnapStart restore (and to pick
     * up a rotated secret).
     *
     * @throws IllegalStateException when the parameter store cannot be read; the previous values are kept
     */
    public synchronized void refresh() {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String name : NAMES) {
            config.optional(name + PARAMETER_SUFFIX).ifPresent(parameter -> parameters.put(name, parameter));
        }
        Map<String, String> fetched = parameters.isEmpty() ? Map.of() : source.values(parameters.values());
        Map<String, Optional<String>> next = new HashMap<>();
        for (String name : NAMES) {
            next.put(name, parameters.containsKey(name)
                    ? Optional.ofNullable(fetched.get(parameters.get(name))).filter(v -> !v.isBlank())
                    : config.optional(name));
        }
        values = next;
    }

    /**
     * @param name one of {@link #NAMES}
     * @return the secret's current value, empty when it is not configured
     */
    public synchronized Optional<String> optional(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException(name + " is not a secret");
        }
        if (values == null) {
            refresh();
        }
        return values.get(name);
    }

    /** @throws IllegalStateException naming the parameter (or variable) when the secret is not configured */
    public String require(String name) {
        return optional(name).orElseThrow(() -> new IllegalStateException("missing secret: " + source(name)));
    }

    /** The secret as it is at each call; empty when not configured. */
    public Supplier<Optional<String>> optionalSupplier(String name) {
        return () -> optional(name);
    }

    /**
     * The secret as it is at each call. Unless fetching is deferred, a missing one fails now (the cold start) rather
     * than at the first request.
     */
    public Supplier<String> required(String name) {
        if (!deferred) {
            require(name);
        }
        return () -> require(name);
    }

    private String source(String name) {
        return config.optional(name + PARAMETER_SUFFIX)
                .map(parameter -> "SSM parameter " + parameter + " (" + name + PARAMETER_SUFFIX + ")")
                .orElse("environment variable " + name);
    }

    @Override
    public String toString() {
        return "Secrets[" + NAMES.size() + " names, values not shown]";
    }
}
