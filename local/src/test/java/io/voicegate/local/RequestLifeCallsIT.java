package io.voicegate.local;

import io.voicegate.config.CallPriming;
import io.voicegate.local.bench.AwsCallCounter;
import io.voicegate.local.bench.RequestLifeCalls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every AWS call the functions make in one request life, counted by an SDK interceptor on their clients
 * ({@link RequestLifeCalls}, the same measurement {@code ./voicegate bench calls} prints), for a request whose Kling
 * task succeeds and one whose task fails, both with a webhook. The counts are exact, so any call a change adds fails
 * here; lower them when a change saves one, never raise them to pass.
 *
 * <p>Fifteen is the floor of the current design, each call with its reason: submit — the API-key lookup, the
 * transaction (request, hold, ledger entry, voice-name claim), the dispatch message; dispatch — the Kling task slot
 * (taken without reading the request first, which is read only when every slot is held; a request waiting for a
 * slot is not marked yet, so it can still be canceled), the create mark (which decides the race with a cancel, and returns the
 * request), {@code processing} with the task id, and the scheduled re-query of the
 * task in case every callback is lost, whose one read happens when it fires; callback — the outcome, one conditional
 * write, and the slot given back; settlement — the transaction (from the stream's new image) and the delivery
 * message carrying the final record; delivery — the account's secrets and record queue, then the attempt number and
 * the attempt's record (the history {@code GET /requests/{id}/deliveries} shows). The goal of 8 is below it: it would
 * take dropping the per-request re-query (the sweeper alone would then find lost callbacks, minutes later), the
 * delivery history, and admission by Kling task slots (at most the limit's tasks at Kling), and still one more.
 * A deployment's first request also creates the slot pool, once; the lives measured come after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestLifeCallsIT {

    /** Calls of each component in one life, success and failure alike. */
    private static final Map<String, Long> CALLS = new LinkedHashMap<>(Map.of("submit", 3L, "dispatch", 5L,
            "callback", 2L, "settlement", 2L, "delivery", 3L));
    private static final long TOTAL_CALLS = 15;
    /** Write request units as DynamoDB bills them: a transaction's items twice, index entries once. */
    private static final double WRITE_UNITS = 28;
    private static final double INDEX_WRITE_UNITS = 5;
    private static final double READ_UNITS = 3;
    /** Kling: the create, and one re-query when the task's end is called back. */
    private static final int KLING_CALLS = 2;

    private RequestLifeCalls.Report report;

    @BeforeAll
    void measure() {
        report = RequestLifeCalls.measure(LocalStackExtension.root().resolve("template.yaml"));
        report.print(System.out);
    }

    @Test
    void aSuccessfulLifeMakesFifteenCalls() {
        assertLife(report.success());
    }

    @Test
    void aFailedLifeMakesFifteenCalls() {
        assertLife(report.failure());
    }

    /**
     * SnapStart's priming runs each operation a life makes before the snapshot (the read for real, the rest without a
     * network, {@link CallPriming}): an operation an adapter starts using fails here until it is primed too.
     */
    @Test
    void everyOperationOfALifeIsPrimed() {
        for (RequestLifeCalls.Life life : List.of(report.success(), report.failure())) {
            assertThat(life.calls().stream().map(AwsCallCounter.Call::operation).distinct())
                    .as("operations of a request life").allMatch(operation -> operation.equals("GetItem")
                            || CallPriming.OPERATIONS.contains(operation));
        }
    }

    private static void assertLife(RequestLifeCalls.Life life) {
        CALLS.forEach((component, calls) -> assertThat(life.calls(component)).as(component).isEqualTo(calls));
        assertThat(life.totalCalls()).as("AWS calls of one request life").isEqualTo(TOTAL_CALLS);
        assertThat(life.failedCalls()).as("calls answered with an error").isZero();
        assertThat(life.writeUnits()).as("write request units").isEqualTo(WRITE_UNITS);
        assertThat(life.indexWriteUnits()).as("of which index entries").isEqualTo(INDEX_WRITE_UNITS);
        assertThat(life.readUnits()).as("read request units").isEqualTo(READ_UNITS);
        assertThat(life.totalKlingCalls()).as("Kling calls").isEqualTo(KLING_CALLS);
    }
}
