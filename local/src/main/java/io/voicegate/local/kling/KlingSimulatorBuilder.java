package io.voicegate.local.kling;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Settings of a {@link KlingSimulator}; at least one of an access key pair or an API key is needed. */
public final class KlingSimulatorBuilder {

    Optional<String> accessKey = Optional.empty();
    Optional<String> secretKey = Optional.empty();
    Optional<String> apiKey = Optional.empty();
    Clock clock = Clock.systemUTC();
    Duration toProcessing = Duration.ofMillis(200);
    Duration toFinished = Duration.ofMillis(500);
    boolean manualLifecycle;
    String succeedUnits = "0.05";
    String failedUnits = "0";
    boolean rejectDuplicateExternalIds = true;
    boolean uniqueVoiceNames = true;
    int concurrencyLimit;
    int port;

    KlingSimulatorBuilder() {
    }

    /** Accept HS256 JWTs with {@code iss} = access key, signed with the secret key. */
    public KlingSimulatorBuilder accessKey(String accessKey, String secretKey) {
        this.accessKey = Optional.of(accessKey);
        this.secretKey = Optional.of(secretKey);
        return this;
    }

    /** Accept this console API key as the bearer token. */
    public KlingSimulatorBuilder apiKey(String apiKey) {
        this.apiKey = Optional.of(apiKey);
        return this;
    }

    /** The clock for {@code nbf}/{@code exp} checks and task timestamps (not for the lifecycle timers). */
    public KlingSimulatorBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Real-time delays of submitted → processing and processing → succeed | failed. */
    public KlingSimulatorBuilder lifecycle(Duration toProcessing, Duration toFinished) {
        this.toProcessing = toProcessing;
        this.toFinished = toFinished;
        this.manualLifecycle = false;
        return this;
    }

    /**
     * A task ends this long after it was created: it turns {@code processing} after a fifth of it (at most 200 ms),
     * then {@code succeed} or {@code failed}; zero ends it at once. The default is 700 ms.
     */
    public KlingSimulatorBuilder taskTime(Duration total) {
        if (total.isNegative()) {
            throw new IllegalArgumentException("a task time cannot be negative");
        }
        Duration toProcessing = total.dividedBy(5).compareTo(Duration.ofMillis(200)) < 0 ? total.dividedBy(5)
                : Duration.ofMillis(200);
        return lifecycle(toProcessing, total.minus(toProcessing));
    }

    /**
     * Kling's concurrency rule: a create is refused with HTTP 429 / 1303 "parallel task over resource pack limit"
     * while {@code tasks} tasks are in flight ({@code submitted} or {@code processing}; a task holds its slot until
     * it ends, failures included: Kling API notes §5 [K-CONC]). 0, the default, sets no limit.
     */
    public KlingSimulatorBuilder concurrencyLimit(int tasks) {
        if (tasks < 0) {
            throw new IllegalArgumentException("a concurrency limit cannot be negative");
        }
        this.concurrencyLimit = tasks;
        return this;
    }

    /** Tasks move only when {@link KlingSimulator#advance(String)} is called. */
    public KlingSimulatorBuilder manualLifecycle() {
        this.manualLifecycle = true;
        return this;
    }

    /** {@code final_unit_deduction} of a succeeded and of a failed task; defaults "0.05" and "0". */
    public KlingSimulatorBuilder unitDeduction(String succeeded, String failed) {
        this.succeedUnits = succeeded;
        this.failedUnits = failed;
        return this;
    }

    /**
     * Whether a second create with a taken external task id is refused (400 / 1201, the default, per Kling's
     * uniqueness rule) or creates another task, so that a test can count duplicates.
     */
    public KlingSimulatorBuilder rejectDuplicateExternalIds(boolean reject) {
        this.rejectDuplicateExternalIds = reject;
        return this;
    }

    /** A fixed port; the default 0 picks a free one. */
    /**
     * Refuse a create whose {@code voice_name} a live voice of the account already has (a task still running, or a
     * finished one whose voice is not deleted), with 1201: the uniqueness per Kling account the model's documentation
     * states ([G-VOICE], Kling API notes §2). On by default, so a name collision between tenants fails a test.
     */
    public KlingSimulatorBuilder uniqueVoiceNames(boolean unique) {
        this.uniqueVoiceNames = unique;
        return this;
    }

    public KlingSimulatorBuilder port(int port) {
        this.port = port;
        return this;
    }

    public KlingSimulator start() {
        if (apiKey.isEmpty() && accessKey.isEmpty()) {
            throw new IllegalStateException("the simulator needs an access key pair or an API key");
        }
        return new KlingSimulator(this);
    }
}
