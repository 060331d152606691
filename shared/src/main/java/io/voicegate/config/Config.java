package io.voicegate.config;

import io.voicegate.domain.Money;
import io.voicegate.domain.RequeryPlan;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * All configuration, read from one environment map (names as in {@code template.yaml}). Each use case asks only for
 * what it needs, and {@link Wiring} asks at construction, so a missing variable fails the cold start, not a request.
 */
public final class Config {

    public static final String AWS_REGION = "AWS_REGION";
    public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";
    public static final String REQUESTS_TABLE = "REQUESTS_TABLE";
    public static final String ACCOUNTS_TABLE = "ACCOUNTS_TABLE";
    public static final String DISPATCH_QUEUE_URL = "DISPATCH_QUEUE_URL";
    public static final String INTAKE_DLQ_URL = "INTAKE_DLQ_URL";
    public static final String HOLD_MICROS = "HOLD_MICROS";
    public static final String PRICE_PER_UNIT_MICROS = "PRICE_PER_UNIT_MICROS";
    public static final String IDEMPOTENCY_RETENTION_HOURS = "IDEMPOTENCY_RETENTION_HOURS";
    public static final String ALLOW_INSECURE_WEBHOOKS = "ALLOW_INSECURE_WEBHOOKS";

    public static final String KLING_BASE_URL = "KLING_BASE_URL";
    public static final String KLING_ACCESS_KEY = "KLING_ACCESS_KEY";
    public static final String KLING_SECRET_KEY = "KLING_SECRET_KEY";
    public static final String KLING_API_KEY = "KLING_API_KEY";
    public static final String KLING_CONNECT_TIMEOUT_MS = "KLING_CONNECT_TIMEOUT_MS";
    public static final String KLING_REQUEST_TIMEOUT_MS = "KLING_REQUEST_TIMEOUT_MS";
    public static final String PUBLIC_BASE_URL = "PUBLIC_BASE_URL";
    public static final String CALLBACK_SECRET = "CALLBACK_SECRET";
    public static final String DISPATCH_DEADLINE_SECONDS = "DISPATCH_DEADLINE_SECONDS";
    public static final String KLING_WEBHOOK_SECRET = "KLING_WEBHOOK_SECRET";
    public static final String DELIVERY_QUEUE_URL = "DELIVERY_QUEUE_URL";
    /** The delivery dead-letter queue, where a webhook answered 410 Gone is parked (the delivery function only). */
    public static final String DELIVERY_DLQ_URL = "DELIVERY_DLQ_URL";
    public static final String WEBHOOK_SECRET_GRACE_HOURS = "WEBHOOK_SECRET_GRACE_HOURS";
    public static final String KLING_REQUERY = "KLING_REQUERY";
    public static final String SWEEP_PROCESSING_AFTER_SECONDS = "SWEEP_PROCESSING_AFTER_SECONDS";
    public static final String SWEEP_REDISPATCH_AFTER_SECONDS = "SWEEP_REDISPATCH_AFTER_SECONDS";
    public static final String UNSETTLED_AFTER_SECONDS = "UNSETTLED_AFTER_SECONDS";
    public static final String REQUERY_FIRST_SECONDS = "REQUERY_FIRST_SECONDS";
    public static final String REQUERY_MAX_INTERVAL_SECONDS = "REQUERY_MAX_INTERVAL_SECONDS";
    public static final String PROCESSING_DEADLINE_SECONDS = "PROCESSING_DEADLINE_SECONDS";
    /** Kling tasks in flight at most, for the deployment's one Kling account (template parameter KlingMaxTasks). */
    public static final String KLING_MAX_TASKS = "KLING_MAX_TASKS";
    /** How long a request may wait in our queue for a Kling slot (template parameter QueueTimeoutSeconds). */
    public static final String QUEUE_TIMEOUT_SECONDS = "QUEUE_TIMEOUT_SECONDS";

    static final long DEFAULT_DISPATCH_DEADLINE_SECONDS = 900;
    /**
     * Kling documents no number: a task holds a slot of its resource pack's concurrency from submitted until it ends
     * ([K-CONC], Kling API notes §5), and the concurrency is the pack's. 25 is a configured guess, to set to the pack.
     */
    static final long DEFAULT_KLING_MAX_TASKS = 25;
    static final long DEFAULT_QUEUE_TIMEOUT_SECONDS = 3600;
    static final long DEFAULT_HOLD_MICROS = 70_000;
    static final long DEFAULT_PRICE_PER_UNIT_MICROS = 140_000;
    static final int MIN_IDEMPOTENCY_HOURS = 24;

    private final Map<String, String> env;

    private Config(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static Config fromEnv(Map<String, String> env) {
        return new Config(env);
    }

    public String require(String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("missing environment variable " + name);
        }
        return value;
    }

    public Optional<String> optional(String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }

    public String region() {
        return require(AWS_REGION);
    }

    /**
     * The endpoint for one service ({@code AWS_ENDPOINT_URL_DYNAMODB}, then {@code AWS_ENDPOINT_URL}, the SDK's own
     * names). Set only for local engines; in AWS the SDK's regional endpoints apply.
     */
    public Optional<URI> awsEndpoint(String service) {
        return optional(AWS_ENDPOINT_URL + "_" + service).or(() -> optional(AWS_ENDPOINT_URL)).map(URI::create);
    }

    public Money hold() {
        return Money.ofMicros(positiveLong(HOLD_MICROS, DEFAULT_HOLD_MICROS));
    }

    public Money pricePerUnit() {
        return Money.ofMicros(positiveLong(PRICE_PER_UNIT_MICROS, DEFAULT_PRICE_PER_UNIT_MICROS));
    }

    public Duration idempotencyRetention() {
        long hours = positiveLong(IDEMPOTENCY_RETENTION_HOURS, MIN_IDEMPOTENCY_HOURS);
        if (hours < MIN_IDEMPOTENCY_HOURS) {
            throw new IllegalStateException(IDEMPOTENCY_RETENTION_HOURS + " must be at least " + MIN_IDEMPOTENCY_HOURS);
        }
        return Duration.ofHours(hours);
    }

    public boolean allowInsecureWebhooks() {
        return optional(ALLOW_INSECURE_WEBHOOKS).map(Boolean::parseBoolean).orElse(false);
    }

    /**
     * How long Kling may refuse a request admitted to it (from its admission) before it fails with
     * {@code dispatch_deadline_exceeded}.
     */
    public Duration dispatchDeadline() {
        return Duration.ofSeconds(positiveLong(DISPATCH_DEADLINE_SECONDS, DEFAULT_DISPATCH_DEADLINE_SECONDS));
    }

    /** Kling tasks in flight at most (default 25): the admission limit of the dispatch worker. */
    public int klingMaxTasks() {
        long limit = positiveLong(KLING_MAX_TASKS, DEFAULT_KLING_MAX_TASKS);
        if (limit > 10_000) {
            throw new IllegalStateException(KLING_MAX_TASKS + " must be at most 10000");
        }
        return (int) limit;
    }

    /** How long a request may wait for a Kling slot before it fails with {@code queue_timeout} (default 1 hour). */
    public Duration queueTimeout() {
        return Duration.ofSeconds(positiveLong(QUEUE_TIMEOUT_SECONDS, DEFAULT_QUEUE_TIMEOUT_SECONDS));
    }

    /**
     * The re-query schedule and processing deadline of accepted Kling tasks (defaults 10 s, 45 s, 600 s).
     *
     * @throws IllegalStateException when the values do not make a schedule (first > max interval or deadline)
     */
    public RequeryPlan requeryPlan() {
        RequeryPlan defaults = RequeryPlan.DEFAULTS;
        try {
            return new RequeryPlan(seconds(REQUERY_FIRST_SECONDS, defaults.first()),
                    seconds(REQUERY_MAX_INTERVAL_SECONDS, defaults.maxInterval()),
                    seconds(PROCESSING_DEADLINE_SECONDS, defaults.processingDeadline()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(REQUERY_FIRST_SECONDS + ", " + REQUERY_MAX_INTERVAL_SECONDS + " and "
                    + PROCESSING_DEADLINE_SECONDS + ": " + e.getMessage(), e);
        }
    }

    /** How long a rotated-out webhook secret keeps signing (default 24 hours). */
    public Duration webhookSecretGrace() {
        return Duration.ofHours(positiveLong(WEBHOOK_SECRET_GRACE_HOURS, 24));
    }

    public Duration seconds(String name, Duration fallback) {
        return Duration.ofSeconds(positiveLong(name, fallback.toSeconds()));
    }

    /** Callbacks are hints: by default the task is re-queried from Kling; "false" trusts the callback body. */
    public boolean requeryKling() {
        return optional(KLING_REQUERY).map(Boolean::parseBoolean).orElse(true);
    }

    public Duration millis(String name, Duration fallback) {
        return Duration.ofMillis(positiveLong(name, fallback.toMillis()));
    }

    /**
     * Static credentials, only for local engines (an endpoint override is set). In Lambda the SDK's default chain
     * is used: with SnapStart, credentials come from the container endpoint, never from a snapshot.
     */
    public Optional<String[]> staticCredentials() {
        if (optional(AWS_ENDPOINT_URL).isEmpty() && optional(AWS_ENDPOINT_URL + "_DYNAMODB").isEmpty()
                && optional(AWS_ENDPOINT_URL + "_SQS").isEmpty()) {
            return Optional.empty();
        }
        Optional<String> id = optional("AWS_ACCESS_KEY_ID");
        Optional<String> secret = optional("AWS_SECRET_ACCESS_KEY");
        if (id.isEmpty() || secret.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new String[] {id.get(), secret.get(), optional("AWS_SESSION_TOKEN").orElse(null)});
    }

    private long positiveLong(String name, long fallback) {
        Optional<String> text = optional(name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.get().trim());
            if (value <= 0) {
                throw new IllegalStateException(name + " must be positive");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a whole number", e);
        }
    }
}
