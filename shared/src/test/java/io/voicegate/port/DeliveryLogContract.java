package io.voicegate.port;

import io.voicegate.domain.DeliveryAttempt;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link DeliveryLog} must do: attempt numbers from 1 without gaps or repeats, also to concurrent
 * attempts, and the attempts of a request first first. Runs against the fake and the DynamoDB adapter.
 */
public abstract class DeliveryLogContract {

    protected abstract Storage storage();

    private DeliveryLog log() {
        return storage().deliveryLog();
    }

    private static DeliveryAttempt attempt(int number, Optional<Integer> status) {
        return new DeliveryAttempt(number, Instant.parse("2026-11-24T10:00:00.250Z").plusSeconds(number),
                DeliveryAttempt.Trigger.RETRY, status, status.isPresent() ? Optional.empty()
                : Optional.of(DeliveryAttempt.UNREACHABLE), 120, Optional.of(Instant.parse("2026-11-24T11:00:00Z")));
    }

    @Test
    void attemptsAreNumberedFromOnePerRequest() {
        String request = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();

        List<Integer> numbers = List.of(log().nextAttempt(request), log().nextAttempt(request),
                log().nextAttempt(other), log().nextAttempt(request));

        assertThat(numbers).containsExactly(1, 2, 1, 3);
    }

    @Test
    void concurrentAttemptsNeverShareANumber() throws Exception {
        String request = UUID.randomUUID().toString();
        List<Callable<Integer>> attempts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            attempts.add(() -> log().nextAttempt(request));
        }

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Integer> numbers = new ArrayList<>();
        try {
            for (Future<Integer> number : pool.invokeAll(attempts)) {
                numbers.add(number.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(numbers).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void attemptsAreListedFirstFirstAndARecordedNumberIsReplaced() {
        String request = UUID.randomUUID().toString();
        DeliveryAttempt second = attempt(2, Optional.of(200));
        DeliveryAttempt unreachable = attempt(1, Optional.empty());
        DeliveryAttempt first = attempt(1, Optional.of(503));

        log().record(request, second);
        log().record(request, unreachable);
        log().record(request, first);

        assertThat(log().attempts(request)).containsExactly(first, second);
        assertThat(log().attempts(UUID.randomUUID().toString())).isEmpty();
    }
}
