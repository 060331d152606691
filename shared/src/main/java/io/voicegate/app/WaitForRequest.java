package io.voicegate.app;

import io.voicegate.domain.BillingState;
import io.voicegate.domain.Request;
import io.voicegate.port.RequestStore;
import io.voicegate.port.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Long-poll of one request ({@code GET /requests/{id}?wait=N}): answers as soon as the request is terminal and its
 * money settled, or after {@code N} seconds with the record as it is then. The gateway's functions share no memory,
 * so the request is re-read, on a fixed schedule rather than in a loop: after 0.5 s, then every second. A wait of
 * N seconds costs at most N + 2 strongly consistent reads of one small item (1 RCU each: 27 for the longest wait, 0.5
 * per second waited against the 2 or more per second of a client polling), and answers within a second of the
 * settlement.
 */
public class WaitForRequest {

    /** The longest wait: API Gateway HTTP APIs end an integration after 30 s (Lambda's own start-up comes first). */
    public static final int MAX_WAIT_SECONDS = 25;
    /** The pauses between reads; the last repeats. */
    static final List<Duration> PAUSES = List.of(Duration.ofMillis(500), Duration.ofSeconds(1));

    private final RequestStore requests;
    private final Sleeper sleeper;
    private final Clock clock;

    public WaitForRequest(RequestStore requests, Sleeper sleeper, Clock clock) {
        this.requests = requests;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /**
     * @param wait 0..{@value #MAX_WAIT_SECONDS} seconds; 0 answers at once
     * @return the account's request when done or when the wait is over; empty when the account has no such request
     * @throws IllegalArgumentException the wait is out of range
     */
    public Optional<Request> await(String accountId, String requestId, Duration wait) {
        if (wait.isNegative() || wait.compareTo(Duration.ofSeconds(MAX_WAIT_SECONDS)) > 0) {
            throw new IllegalArgumentException("wait out of range: " + wait);
        }
        Instant until = clock.instant().plus(wait);
        Optional<Request> found = read(accountId, requestId);
        for (int i = 0; found.isPresent() && !isDone(found.get()); i++) {
            Duration left = Duration.between(clock.instant(), until);
            if (left.isNegative() || left.isZero()) {
                break;
            }
            Duration pause = PAUSES.get(Math.min(i, PAUSES.size() - 1));
            try {
                sleeper.sleep(pause.compareTo(left) < 0 ? pause : left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            found = read(accountId, requestId);
        }
        return found;
    }

    /** Terminal with its money settled (or never charged): nothing about it will change any more. */
    static boolean isDone(Request request) {
        return request.status().isTerminal() && request.billing().state() != BillingState.HELD;
    }

    private Optional<Request> read(String accountId, String requestId) {
        return requests.find(requestId).filter(r -> r.accountId().equals(accountId));
    }
}
