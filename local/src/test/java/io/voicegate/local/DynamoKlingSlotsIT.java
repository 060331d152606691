package io.voicegate.local;

import io.voicegate.adapter.dynamodb.DynamoKlingSlots;
import io.voicegate.ddbengine.DynamoEngine;
import io.voicegate.ddbengine.EngineOptions;
import io.voicegate.ddbengine.EngineStatistics;
import io.voicegate.local.engine.LocalSqs;
import io.voicegate.port.KlingSlots;
import io.voicegate.port.KlingSlots.Granted;
import io.voicegate.port.KlingSlots.Lease;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kling slot pool on the local DynamoDB engine: concurrent workers never hold more slots than the limit (one
 * conditional write per acquisition decides), an expired lease is taken over by exactly one of them, and each
 * acquisition and release is one call of 1 WCU with 25 slots held.
 */
class DynamoKlingSlotsIT {

    private static DynamoEngine engine;
    private static DynamoDbClient dynamo;
    private DynamoKlingSlots slots;

    @BeforeAll
    static void startEngine() {
        engine = DynamoEngine.start(EngineOptions.defaults());
        dynamo = DynamoDbClient.builder().endpointOverride(engine.endpoint()).region(Region.of(LocalSqs.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stopEngine() {
        dynamo.close();
        engine.close();
    }

    @BeforeEach
    void freshTable() {
        String table = "accounts-" + UUID.randomUUID().toString().substring(0, 8);
        dynamo.createTable(c -> c.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("pk"), attribute("sk"))
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build()));
        slots = new DynamoKlingSlots(dynamo, table);
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    @Test
    void concurrentWorkersNeverHoldMoreThanTheLimit() throws Exception {
        int limit = 4;
        int threads = 16;
        int rounds = 40;
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        AtomicInteger mostLeases = new AtomicInteger();
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        String id = UUID.randomUUID().toString();
                        if (slots.acquire(id, Instant.now(), limit, Optional.empty()) instanceof Granted) {
                            granted.incrementAndGet();
                            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            mostLeases.accumulateAndGet(slots.leases().size(), Math::max);
                            inside.decrementAndGet();
                            slots.release(id);
                        } else {
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }

        System.out.printf("Kling slots: %d threads, limit %d: %d granted, %d refused, at most %d held at once%n",
                threads, limit, granted.get(), refused.get(), mostInside.get());
        assertThat(mostInside.get()).isLessThanOrEqualTo(limit);
        assertThat(mostLeases.get()).isLessThanOrEqualTo(limit);
        assertThat(refused.get()).as("the workers contended for the slots").isPositive();
        assertThat(granted.get()).isPositive();
        assertThat(slots.leases()).isEmpty();
    }

    @Test
    void anExpiredLeaseIsTakenOverByExactlyOneWorker() throws Exception {
        String lost = UUID.randomUUID().toString();
        Instant longAgo = Instant.parse("2026-01-01T00:00:00Z");
        slots.acquire(lost, longAgo, 1, Optional.empty());
        Lease expired = new Lease(lost, longAgo);
        List<String> contenders = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), UUID.randomUUID().toString());
        ExecutorService pool = Executors.newFixedThreadPool(contenders.size());
        List<Future<KlingSlots.Grant>> grants = new ArrayList<>();
        try {
            for (String contender : contenders) {
                grants.add(pool.submit(() -> slots.acquire(contender, Instant.now(), 1, Optional.of(expired))));
            }
            int won = 0;
            for (Future<KlingSlots.Grant> grant : grants) {
                won += grant.get() instanceof Granted ? 1 : 0;
            }

            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(slots.leases()).singleElement().satisfies(lease ->
                assertThat(contenders).contains(lease.requestId()));
    }

    @Test
    void aHolderIsGrantedAgainWithItsFirstLeaseAndARefusalShowsThePool() {
        String first = UUID.randomUUID().toString();
        String other = "not-a-uuid/" + UUID.randomUUID();
        Instant start = Instant.parse("2026-11-24T10:00:00.750Z");

        KlingSlots.Grant taken = slots.acquire(first, start, 2, Optional.empty());
        KlingSlots.Grant again = slots.acquire(first, start.plusSeconds(30), 2, Optional.empty());
        slots.acquire(other, start, 2, Optional.empty());
        KlingSlots.Grant full = slots.acquire(UUID.randomUUID().toString(), start, 2, Optional.empty());
        slots.release(first);
        slots.release(first);

        assertThat(taken).isEqualTo(new Granted(Instant.parse("2026-11-24T10:00:00Z"), false));
        assertThat(again).isEqualTo(new Granted(Instant.parse("2026-11-24T10:00:00Z"), true));
        assertThat(full).isInstanceOfSatisfying(KlingSlots.Refused.class, refused ->
                assertThat(refused.leases()).extracting(Lease::requestId).containsExactlyInAnyOrder(first, other));
        assertThat(slots.leases()).extracting(Lease::requestId).containsExactly(other);
    }

    @Test
    void aReleaseBeforeThePoolExistsChangesNothing() {
        slots.release(UUID.randomUUID().toString());

        assertThat(slots.leases()).isEmpty();
    }

    /** The cost the other calls of a request life are counted against: one call and 1 WCU each, 25 slots held. */
    @Test
    void withTwentyFiveSlotsHeldAnAcquisitionAndAReleaseCostOneWriteUnitEach() {
        for (int i = 0; i < 24; i++) {
            slots.acquire(UUID.randomUUID().toString(), Instant.now(), 25, Optional.empty());
        }
        String id = UUID.randomUUID().toString();
        EngineStatistics.Snapshot before = engine.statistics().snapshot();

        slots.acquire(id, Instant.now(), 25, Optional.empty());
        EngineStatistics.Snapshot acquisition = engine.statistics().snapshot().minus(before);
        slots.release(id);
        EngineStatistics.Snapshot both = engine.statistics().snapshot().minus(before);

        assertThat(acquisition.calls()).containsExactly(java.util.Map.entry("UpdateItem", 1L));
        assertThat(acquisition.writeUnits()).isEqualTo(1.0);
        assertThat(both.calls()).containsExactly(java.util.Map.entry("UpdateItem", 2L));
        assertThat(both.writeUnits()).isEqualTo(2.0);
    }
}
