package io.voicegate.ddbengine.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Get;
import software.amazon.awssdk.services.dynamodb.model.ItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.voicegate.ddbengine.conformance.Ddb.*;
import static io.voicegate.ddbengine.conformance.TransactionConformanceTest.update;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrency: developer guide "Condition expressions" / "Optimistic locking with version number" (conditional writes
 * are atomic: the condition is checked and the write applied as one step), and "Amazon DynamoDB Transactions:
 * isolation levels" (serializable isolation between TransactWriteItems and TransactGetItems, and between
 * transactions and single-item writes).
 */
@ExtendWith(EngineExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrencyConformanceTest {

    private DynamoDbClient ddb;
    private String table;

    @BeforeAll
    void setUp(DynamoDbClient ddb) {
        this.ddb = ddb;
        table = uniqueName("conc");
        createSimpleTable(ddb, table);
    }

    private <T> List<T> runAll(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(5, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private long readN(String pk) {
        return Long.parseLong(ddb.getItem(r -> r.tableName(table).key(item("pk", s(pk))).consistentRead(true))
                .item().get("n").n());
    }

    // Condition expressions are evaluated and applied atomically: 16 threads × 50 read-modify-write increments
    // guarded by "n = :expected" lose no update.
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    @DisplayName("16 threads × 50 conditional increments (n = :expected) end at exactly 800")
    void conditionalIncrements() throws Exception {
        int threads = 16;
        int perThread = 50;
        ddb.putItem(r -> r.tableName(table).item(item("pk", s("counter"), "n", n(0))));
        AtomicInteger conflicts = new AtomicInteger();
        runAll(threads, () -> {
            for (int done = 0; done < perThread; ) {
                long current = readN("counter");
                try {
                    ddb.updateItem(r -> r.tableName(table).key(item("pk", s("counter")))
                            .updateExpression("SET n = n + :one").conditionExpression("n = :expected")
                            .expressionAttributeValues(Map.of(":one", n(1), ":expected", n(current))));
                    done++;
                } catch (ConditionalCheckFailedException e) {
                    conflicts.incrementAndGet();
                }
            }
            return null;
        });
        System.out.println("conditionalIncrements: " + conflicts.get() + " condition failures retried");
        assertThat(readN("counter")).isEqualTo((long) threads * perThread);
    }

    // "attribute_not_exists(pk)" put: only the first writer of a key succeeds; all others get
    // ConditionalCheckFailedException.
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    @DisplayName("Racing attribute_not_exists(pk) puts of one key: exactly one succeeds")
    void createRace() throws Exception {
        int threads = 24;
        AtomicInteger ids = new AtomicInteger();
        List<Integer> winners = runAll(threads, () -> {
            int id = ids.incrementAndGet();
            try {
                ddb.putItem(r -> r.tableName(table).item(item("pk", s("race"), "n", n(id)))
                        .conditionExpression("attribute_not_exists(pk)"));
                return id;
            } catch (ConditionalCheckFailedException e) {
                return -1;
            }
        });
        List<Integer> succeeded = winners.stream().filter(i -> i > 0).toList();
        assertThat(succeeded).hasSize(1);
        assertThat(readN("race")).isEqualTo(succeeded.get(0).longValue());
    }

    private static boolean isConflict(TransactionCanceledException e) {
        return e.hasCancellationReasons() && e.cancellationReasons().stream()
                .anyMatch(r -> "TransactionConflict".equals(r.code()));
    }

    // Transactions: isolation levels — serializable; transfers between two items by TransactWriteItems keep the sum
    // constant, and every TransactGetItems of both items sees a consistent sum. Conflicting transactions may be
    // cancelled with reason TransactionConflict (and are retried here).
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    @DisplayName("Concurrent transfer transactions keep the sum of two balances constant (also as seen by TransactGetItems)")
    void transfersKeepSum() throws Exception {
        long initial = 1000;
        ddb.putItem(r -> r.tableName(table).item(item("pk", s("acct-a"), "n", n(initial))));
        ddb.putItem(r -> r.tableName(table).item(item("pk", s("acct-b"), "n", n(initial))));
        long seed = System.nanoTime();
        System.out.println("transfersKeepSum seed: " + seed);
        int writers = 6;
        int transfersEach = 25;
        AtomicInteger threadNo = new AtomicInteger();
        AtomicInteger retries = new AtomicInteger();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> inconsistentReads = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            while (writing.get()) {
                try {
                    List<ItemResponse> rs = ddb.transactGetItems(r -> r.transactItems(
                            TransactGetItem.builder().get(Get.builder().tableName(table).key(item("pk", s("acct-a"))).build()).build(),
                            TransactGetItem.builder().get(Get.builder().tableName(table).key(item("pk", s("acct-b"))).build()).build()))
                            .responses();
                    long sum = Long.parseLong(rs.get(0).item().get("n").n()) + Long.parseLong(rs.get(1).item().get("n").n());
                    if (sum != 2 * initial) {
                        inconsistentReads.add("sum " + sum);
                    }
                } catch (TransactionCanceledException e) {
                    // a read that conflicts with an ongoing write may be cancelled (documented); try again
                } catch (RuntimeException e) {
                    inconsistentReads.add(e.toString());
                }
            }
        });
        reader.start();
        try {
            runAll(writers, () -> {
                Random random = new Random(seed + threadNo.incrementAndGet());
                for (int done = 0; done < transfersEach; ) {
                    boolean aToB = random.nextBoolean();
                    String from = aToB ? "acct-a" : "acct-b";
                    String to = aToB ? "acct-b" : "acct-a";
                    long amount = 1 + random.nextInt(50);
                    try {
                        ddb.transactWriteItems(r -> r.transactItems(
                                update(table, item("pk", s(from)), "SET n = n - :amt", "n >= :amt",
                                        Map.of(":amt", n(amount))),
                                update(table, item("pk", s(to)), "SET n = n + :amt", null, Map.of(":amt", n(amount)))));
                        done++;
                    } catch (TransactionCanceledException e) {
                        retries.incrementAndGet();
                        if (!isConflict(e)) {
                            done++; // insufficient balance: a legitimate refusal, counts as an attempt
                        }
                    } catch (TransactionConflictException e) {
                        retries.incrementAndGet();
                    }
                }
                return null;
            });
        } finally {
            writing.set(false);
            reader.join(TimeUnit.MINUTES.toMillis(1));
        }
        System.out.println("transfersKeepSum: " + retries.get() + " cancelled transactions");
        assertThat(readN("acct-a") + readN("acct-b")).isEqualTo(2 * initial);
        assertThat(readN("acct-a")).isNotNegative();
        assertThat(readN("acct-b")).isNotNegative();
        assertThat(inconsistentReads).isEmpty();
    }
}
