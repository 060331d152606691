package io.voicegate.domain;

import java.time.Clock;
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

    /** True when the text could be a request id; anything else names no request and needs no storage lookup. */
    public static boolean isWellFormed(String id) {
        return id != null && SHAPE.matcher(id).matches();
    }
}
