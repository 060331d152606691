package io.voicegate.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Request ids are UUIDv7 (RFC 9562): unguessable, and their text sorts by creation time, which keeps an account's
 * ledger entries (keyed by request id) in time order.
 */
public final class RequestIds {

    /** The only shape {@link #next()} produces: lower-case hex UUID text, 36 characters. */
    private static final Pattern SHAPE = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Clock clock;
    private final Random random;

    public RequestIds(Clock clock, Random random) {
        this.clock = clock;
        this.random = random;
    }

    public String next() {
        long millis = clock.millis();
        long high = (millis << 16) | 0x7000L | (random.nextInt() & 0x0fffL);
        long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /**
     * When a request id was made, read back from it: a UUIDv7 carries its Unix time in milliseconds in its first 48
     * bits (RFC 9562 §5.7). Empty for text that is not a version-7 UUID.
     */
    public static Optional<Instant> createdAt(String id) {
        if (!isWellFormed(id)) {
            return Optional.empty();
        }
        UUID uuid = UUID.fromString(id);
        return uuid.version() == 7 ? Optional.of(Instant.ofEpochMilli(uuid.getMostSignificantBits() >>> 16))
                : Optional.empty();
    }

    /** True when the text could be a request id; anything else names no request and needs no storage lookup. */
    public static boolean isWellFormed(String id) {
        return id != null && SHAPE.matcher(id).matches();
    }
}
