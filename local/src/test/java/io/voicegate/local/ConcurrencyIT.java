package io.voicegate.local;

import io.voicegate.domain.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Concurrent submits against the real engines: the balance condition in the transaction is the only guard. */
@ExtendWith(LocalStackExtension.class)
class ConcurrencyIT {

    @Test
    void concurrentSubmitsNeverOverdraw() throws Exception {
        var account = LocalStackExtension.openAccount(Money.ofMicros(5 * 70_000 + 123));
        ApiClient api = new ApiClient(LocalStackExtension.stack().baseUrl(), account.apiKey());

        java.util.concurrent.atomic.AtomicInteger names = new java.util.concurrent.atomic.AtomicInteger();
        List<Integer> statuses = race(16, () -> api.submit(SubmitApiIT.valid("ada" + names.incrementAndGet()))
                .status());

        assertThat(statuses).filteredOn(s -> s == 202).hasSize(5);
        assertThat(statuses).filteredOn(s -> s == 402).hasSize(11);
        assertThat(api.ledgerEntries("hold")).isEqualTo(5);
        assertThat(api.balanceConsistentWithLedger(5 * 70_000 + 123)).isGreaterThanOrEqualTo(123);
        assertThat(api.get("/requests?limit=100").json().get("requests")).hasSize(5);
    }

    /** Runs {@code n} copies of a call released at the same instant. */
    static <T> List<T> race(int n, Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
