package io.voicegate.ddbengine.conformance;

import io.voicegate.ddbengine.DynamoEngine;
import io.voicegate.ddbengine.EngineOptions;
import io.voicegate.ddbengine.fault.FaultRule;
import io.voicegate.ddbengine.fault.Faults;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.voicegate.ddbengine.conformance.Ddb.*;
import static io.voicegate.ddbengine.conformance.TransactionConformanceTest.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Fault injection seen through the SDK: API reference "Common errors" / developer guide "Error handling with DynamoDB"
 * (Programming.Errors.html): ThrottlingException and ProvisionedThroughputExceededException (HTTP 400) and
 * InternalServerError (HTTP 500) are retried by the AWS SDKs; TransactionCanceledException with reason
 * TransactionConflict. Uses its OWN engine, so rules never reach other test classes; rules are cleared after each test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultInjectionConformanceTest {

    private static final int MAX_ATTEMPTS = 5;

    private DynamoEngine engine;
    private Faults faults;
    private DynamoDbClient ddb;
    private DynamoDbClient patient;
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private String table;

    /** Counts every HTTP attempt (first try and retries) per operation. */
    private final ExecutionInterceptor counter = new ExecutionInterceptor() {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
            String op = executionAttributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            attempts.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
        }
    };

    private static RetryStrategy retries(int maxAttempts) {
        BackoffStrategy quick = BackoffStrategy.exponentialDelay(Duration.ofMillis(5), Duration.ofMillis(40));
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(maxAttempts)
                .backoffStrategy(quick)
                .throttlingBackoffStrategy(quick)
                .circuitBreakerEnabled(false)
                .build();
    }

    @BeforeAll
    void startOwnEngine() {
        engine = DynamoEngine.start(EngineOptions.defaults());
        faults = engine.faults();
        ddb = Clients.dynamo(engine.endpoint(), retries(MAX_ATTEMPTS), List.of(counter));
        patient = Clients.dynamo(engine.endpoint(), retries(12), List.of(counter));
        table = uniqueName("faults");
        createSimpleTable(ddb, table);
        ddb.putItem(r -> r.tableName(table).item(item("pk", s("present"), "v", n(1))));
    }

    @AfterAll
    void stopOwnEngine() {
        if (ddb != null) {
            ddb.close();
        }
        if (patient != null) {
            patient.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @BeforeEach
    void resetCounts() {
        attempts.clear();
    }

    @AfterEach
    void clearFaults() {
        if (faults != null) {
            faults.clear();
        }
    }

    private int attemptsOf(String operation) {
        return attempts.getOrDefault(operation, new AtomicInteger()).get();
    }

    // Programming.Errors.html: ThrottlingException (HTTP 400) — the SDKs retry it automatically; when retries are
    // exhausted the error surfaces with its code.
    @Test
    @DisplayName("Throttling at rate 1.0: the SDK retries every attempt, then throws ThrottlingException")
    void throttlingExhaustsRetries() {
        long before = faults.injected();
        faults.add(FaultRule.throttling(1.0, "GetItem"));
        try {
            Throwable thrown = catchThrowable(() -> ddb.getItem(r -> r.tableName(table).key(item("pk", s("present")))));
            assertThat(thrown).isInstanceOf(DynamoDbException.class).isInstanceOf(ThrottlingException.class);
            DynamoDbException e = (DynamoDbException) thrown;
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(attemptsOf("GetItem")).isEqualTo(MAX_ATTEMPTS);
            assertThat(e.numAttempts()).isEqualTo(MAX_ATTEMPTS);
            assertThat(faults.injected() - before).isEqualTo(MAX_ATTEMPTS);
            // other operations are untouched
            ddb.putItem(r -> r.tableName(table).item(item("pk", s("unaffected"))));
            assertThat(attemptsOf("PutItem")).isEqualTo(1);
        } finally {
            faults.clear();
        }
    }

    // Programming.Errors.html, "Error retries and exponential backoff": with half the calls throttled, SDK retries
    // make every call succeed eventually (seeded draws make the run repeatable).
    @Test
    @DisplayName("Throttling at rate 0.5 (seeded): every call eventually succeeds thanks to SDK retries")
    void throttlingHalfTheTime() {
        long seed = 42;
        System.out.println("throttlingHalfTheTime fault seed: " + seed);
        faults.seed(seed).add(FaultRule.throttling(0.5, "GetItem"));
        try {
            int calls = 20;
            for (int i = 0; i < calls; i++) {
                assertThat(patient.getItem(r -> r.tableName(table).key(item("pk", s("present")))).item())
                        .containsEntry("v", n(1));
            }
            assertThat(attemptsOf("GetItem")).isGreaterThan(calls);
        } finally {
            faults.clear();
        }
    }

    // Programming.Errors.html: ProvisionedThroughputExceededException (HTTP 400) — "The AWS SDKs for DynamoDB
    // automatically retry requests that receive this exception"; a failed write writes nothing.
    @Test
    @DisplayName("ProvisionedThroughputExceeded at rate 1.0: retried, then thrown; nothing written")
    void throughputExceeded() {
        faults.add(FaultRule.throughputExceeded(1.0, "PutItem"));
        try {
            Throwable thrown = catchThrowable(() -> ddb.putItem(r -> r.tableName(table).item(item("pk", s("pte")))));
            assertThat(thrown).isInstanceOf(ProvisionedThroughputExceededException.class);
            assertThat(((DynamoDbException) thrown).awsErrorDetails().errorCode())
                    .isEqualTo("ProvisionedThroughputExceededException");
            assertThat(attemptsOf("PutItem")).isEqualTo(MAX_ATTEMPTS);
        } finally {
            faults.clear();
        }
        assertThat(ddb.getItem(r -> r.tableName(table).key(item("pk", s("pte"))).consistentRead(true)).hasItem())
                .isFalse();
    }

    // Programming.Errors.html: InternalServerError (HTTP 500) — "An error occurred on the server side"; 5xx errors
    // are retried by the SDKs.
    @Test
    @DisplayName("InternalServerError at rate 1.0: HTTP 500, retried, then thrown; nothing written")
    void internalServerError() {
        faults.add(FaultRule.internalServerError(1.0, "PutItem"));
        try {
            Throwable thrown = catchThrowable(() -> ddb.putItem(r -> r.tableName(table).item(item("pk", s("ise")))));
            assertThat(thrown).isInstanceOf(InternalServerErrorException.class);
            DynamoDbException e = (DynamoDbException) thrown;
            assertThat(e.statusCode()).isEqualTo(500);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalServerError");
            assertThat(attemptsOf("PutItem")).isEqualTo(MAX_ATTEMPTS);
        } finally {
            faults.clear();
        }
        assertThat(ddb.getItem(r -> r.tableName(table).key(item("pk", s("ise"))).consistentRead(true)).hasItem())
                .isFalse();
    }

    @Test
    @DisplayName("InternalServerError at rate 0.5 (seeded): writes succeed after retries, each applied once")
    void internalServerErrorHalfTheTime() {
        faults.seed(7).add(FaultRule.internalServerError(0.5, "UpdateItem"));
        try {
            int calls = 15;
            for (int i = 0; i < calls; i++) {
                patient.updateItem(r -> r.tableName(table).key(item("pk", s("ise-counter")))
                        .updateExpression("ADD c :one").expressionAttributeValues(Map.of(":one", n(1))));
            }
            assertThat(attemptsOf("UpdateItem")).isGreaterThan(calls);
            assertThat(ddb.getItem(r -> r.tableName(table).key(item("pk", s("ise-counter"))).consistentRead(true))
                    .item().get("c")).isEqualTo(n(calls));
        } finally {
            faults.clear();
        }
    }

    // API reference, TransactWriteItems / TransactionCanceledException: "There is an ongoing TransactWriteItems
    // operation that conflicts with a concurrent TransactWriteItems request" → cancelled with reason code
    // TransactionConflict; nothing is written.
    @Test
    @DisplayName("transactionConflict at rate 1.0: TransactionCanceledException with a TransactionConflict reason, nothing written")
    void transactionConflict() {
        faults.add(FaultRule.transactionConflict(1.0, "TransactWriteItems"));
        try {
            Throwable thrown = catchThrowable(() -> ddb.transactWriteItems(r -> r.transactItems(
                    put(table, item("pk", s("tc-1"))), put(table, item("pk", s("tc-2"))))));
            assertThat(thrown).isInstanceOf(TransactionCanceledException.class);
            TransactionCanceledException e = (TransactionCanceledException) thrown;
            assertThat(e.cancellationReasons()).hasSize(2);
            assertThat(e.cancellationReasons()).extracting(CancellationReason::code).contains("TransactionConflict");
        } finally {
            faults.clear();
        }
        assertThat(ddb.getItem(r -> r.tableName(table).key(item("pk", s("tc-1"))).consistentRead(true)).hasItem()).isFalse();
        assertThat(ddb.getItem(r -> r.tableName(table).key(item("pk", s("tc-2"))).consistentRead(true)).hasItem()).isFalse();
    }

    // API reference, PutItem, Errors: TransactionConflictException — "Operation was rejected because there is an
    // ongoing transaction for the item."
    @Test
    @DisplayName("transactionConflict on a single-item write: TransactionConflictException, nothing written")
    void transactionConflictSingleItem() {
        faults.add(FaultRule.transactionConflict(1.0, "PutItem"));
        try {
            Throwable thrown = catchThrowable(() -> ddb.putItem(r -> r.tableName(table).item(item("pk", s("tc-single")))));
            assertThat(thrown).isInstanceOf(TransactionConflictException.class);
            assertThat(((DynamoDbException) thrown).awsErrorDetails().errorCode()).isEqualTo("TransactionConflictException");
        } finally {
            faults.clear();
        }
        assertThat(ddb.getItem(r -> r.tableName(table).key(item("pk", s("tc-single"))).consistentRead(true)).hasItem())
                .isFalse();
    }

    @Test
    @DisplayName("A latency rule delays the call, which still completes normally")
    void latency() {
        long before = faults.injected();
        faults.add(FaultRule.latency(Duration.ofMillis(150), 1.0, "GetItem"));
        try {
            assertThat(ddb.getItem(r -> r.tableName(table).key(item("pk", s("present")))).item()).containsEntry("v", n(1));
            assertThat(faults.injected()).isGreaterThan(before);
            assertThat(attemptsOf("GetItem")).isEqualTo(1);
        } finally {
            faults.clear();
        }
    }

    @Test
    @DisplayName("After clear() no fault is injected")
    void clearStopsFaults() {
        faults.add(FaultRule.throttling(1.0));
        faults.clear();
        long before = faults.injected();
        ddb.getItem(r -> r.tableName(table).key(item("pk", s("present"))));
        assertThat(faults.injected()).isEqualTo(before);
        assertThat(attemptsOf("GetItem")).isEqualTo(1);
    }
}
