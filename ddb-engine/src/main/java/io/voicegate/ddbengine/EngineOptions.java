package io.voicegate.ddbengine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * How a {@link DynamoEngine} runs.
 *
 * @param port        TCP port on 127.0.0.1; 0 picks a free one
 * @param dataDir     where tables, items and stream records are kept across restarts; null keeps them in memory only
 * @param ttlInterval how often expired items (past their TTL attribute, in epoch seconds) are deleted; AWS promises
 *                    only "within a few days", this engine within one interval
 * @param region      the region named in ARNs and stream records
 * @param clock       the engine's time: TTL expiry, stream record times, token windows
 */
public record EngineOptions(int port, Path dataDir, Duration ttlInterval, String region, Clock clock) {

    /** In memory, a free port, TTL pass every minute, region {@code local}, the system clock. */
    public static EngineOptions defaults() {
        return new EngineOptions(0, null, Duration.ofMinutes(1), "local", Clock.systemUTC());
    }

    public EngineOptions withPort(int port) {
        return new EngineOptions(port, dataDir, ttlInterval, region, clock);
    }

    public EngineOptions withDataDir(Path dataDir) {
        return new EngineOptions(port, dataDir, ttlInterval, region, clock);
    }

    public EngineOptions withTtlInterval(Duration ttlInterval) {
        return new EngineOptions(port, dataDir, ttlInterval, region, clock);
    }

    public EngineOptions withClock(Clock clock) {
        return new EngineOptions(port, dataDir, ttlInterval, region, clock);
    }
}
