package io.voicegate.app;

import io.voicegate.domain.BillingState;
import io.voicegate.domain.ErrorCodes;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No request stays open for ever, and a lost callback costs seconds: the scheduled re-queries and the processing
 * deadline, with every callback dropped (nothing but the checks ever reaches the gateway).
 */
class RefreshKlingTaskTest {

    private final Gateway gateway = new Gateway();

    private Request request(String id) {
        return gateway.store.find(id).orElseThrow();
    }

    private void runChecksFor(Duration span) {
        gateway.runChecksUntil(gateway.clock.instant().plus(span), id -> false);
    }

    @Test
    void acceptingATaskSchedulesItsFirstCheckAtTheFirstPlanPoint() {
        String id = gateway.processing();

        assertThat(gateway.checks).singleElement().satisfies(check -> {
            assertThat(check.requestId()).isEqualTo(id);
            assertThat(Duration.between(check.since(), check.due())).isEqualTo(Duration.ofSeconds(10));
        });
    }

    @Test
    void aCallbackThatOvertookTheWorkerStillLeavesACheckScheduled() {
        String id = gateway.submitted();
        // Kling's processing callback is applied while the worker still waits for the create answer.
        ScriptedKling overtaking = new ScriptedKling(gateway.clock) {
            @Override
            public io.voicegate.domain.kling.KlingTask createVoice(io.voicegate.domain.kling.CreateVoice command) {
                io.voicegate.domain.kling.KlingTask task = super.createVoice(command);
                gateway.store.advance(id, io.voicegate.domain.Transition.processing(task.taskId()),
                        gateway.clock.instant());
                return task;
            }
        };
        DispatchRequest dispatch = gateway.dispatchRequest(gateway.store, overtaking, "https://gw.example.com",
                gateway.taskChecks(), gateway.admission());

        dispatch.dispatch(id, false);

        assertThat(request(id).status()).isEqualTo(RequestStatus.PROCESSING);
        assertThat(gateway.checks).extracting(Gateway.Check::requestId).containsExactly(id);
    }

    /**
     * The figures with default settings and every callback dropped: over many task times, each request is
     * terminal within 60 s of Kling finishing (at most the 45 s cap), with few re-queries.
     */
    @Test
    void withEveryCallbackDroppedARequestEndsWithinSixtySecondsOfKlingFinishing() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long worstLag = 0;
        int mostQueries = 0;
        int totalQueries = 0;
        int tasks = 300;
        for (int i = 0; i < tasks; i++) {
            Gateway g = new Gateway();
            g.kling.taskTime = Duration.ofMillis(1 + random.nextInt(i % 3 == 0 ? 60_000 : 590_000));
            String id = g.processing();
            Instant finish = g.kling.finishOf(id);

            g.runChecksUntil(finish.plus(Duration.ofMinutes(20)),
                    rid -> g.store.find(rid).orElseThrow().status().isTerminal());

            Request done = g.store.find(id).orElseThrow();
            assertThat(done.status()).as("seed %d, task time %s", seed, g.kling.taskTime)
                    .isEqualTo(RequestStatus.SUCCESS);
            long lag = Duration.between(finish, g.clock.instant()).toMillis();
            assertThat(lag).as("seed %d, task time %s", seed, g.kling.taskTime).isBetween(0L, 60_000L);
            worstLag = Math.max(worstLag, lag);
            mostQueries = Math.max(mostQueries, g.kling.queries.get());
            totalQueries += g.kling.queries.get();
        }
        System.out.printf("re-query schedule, every callback dropped: seed=%d tasks=%d worst lag after Kling "
                + "finished=%.1f s, re-queries per request: mean %.2f, most %d%n", seed, tasks, worstLag / 1000.0,
                totalQueries / (double) tasks, mostQueries);
        assertThat(worstLag).isLessThanOrEqualTo(45_000);
        assertThat(mostQueries).as("at most one re-query per plan point").isLessThanOrEqualTo(16);
    }

    @Test
    void aTypicalTaskCostsOneReQuery() {
        gateway.kling.taskTime = Duration.ofSeconds(6);
        String id = gateway.processing();

        runChecksFor(Duration.ofMinutes(1));

        assertThat(request(id).status()).isEqualTo(RequestStatus.SUCCESS);
        assertThat(gateway.kling.queries.get()).isEqualTo(1);
        assertThat(gateway.checks).isEmpty();
    }

    @ParameterizedTest(name = "Kling {0}")
    @ValueSource(strings = {"keeps answering processing", "no longer knows the task", "cannot be reached"})
    void aTaskThatNeverEndsFailsAtTheProcessingDeadlineAndIsRefunded(String behaviour) {
        gateway.kling.neverFinish = true;
        gateway.kling.forgetTasks = behaviour.contains("knows");
        gateway.kling.unavailable = behaviour.contains("reached");
        String id = gateway.processing();
        Instant accepted = gateway.clock.instant();

        runChecksFor(Duration.ofHours(1));

        Request failed = request(id);
        assertThat(failed.status()).isEqualTo(RequestStatus.FAILED);
        assertThat(failed.outcome().orElseThrow().errorCode()).contains(ErrorCodes.PROCESSING_DEADLINE_EXCEEDED);
        assertThat(Duration.between(accepted, failed.updatedAt())).isEqualTo(Duration.ofMinutes(10));
        assertThat(gateway.checks).as("no checks after the end").isEmpty();

        gateway.settleRequest().settle(id);

        assertThat(request(id).billing().state()).isEqualTo(BillingState.REFUNDED);
        assertThat(gateway.store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING);
    }

    @Test
    void aLateSuccessAfterTheDeadlineIsRecordedOnceAndNeverApplied() {
        gateway.kling.neverFinish = true;
        String id = gateway.processing();
        runChecksFor(Duration.ofHours(1));
        gateway.settleRequest().settle(id);
        gateway.kling.neverFinish = false;
        String callback = io.voicegate.json.Json.write(java.util.Map.of("task_id",
                gateway.kling.taskOf(id).taskId(), "task_status", "succeed", "created_at", 1));

        ReceiveKlingCallback receive = gateway.receiveKlingCallback();
        ReceiveKlingCallback.Callback late = new ReceiveKlingCallback.Callback(id, gateway.callbackToken(id),
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), callback,
                io.voicegate.adapter.kling.JsonKlingTaskDecoder::decode);
        ReceiveKlingCallback.Result first = receive.receive(late);
        ReceiveKlingCallback.Result again = receive.receive(late);

        assertThat(first).isEqualTo(ReceiveKlingCallback.Result.UNCHANGED);
        assertThat(again).isEqualTo(ReceiveKlingCallback.Result.UNCHANGED);
        assertThat(gateway.store.lateVoices).containsOnlyKeys(id);
        assertThat(gateway.store.lateVoices.get(id)).containsExactly("v-" + gateway.kling.taskOf(id).taskId());
        Request after = request(id);
        assertThat(after.status()).isEqualTo(RequestStatus.FAILED);
        assertThat(after.billing().state()).isEqualTo(BillingState.REFUNDED);
        assertThat(gateway.store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING);
    }

    @Test
    void theSweeperAlsoFailsARequestPastTheDeadlineWhenItsChecksWereLost() {
        gateway.kling.neverFinish = true;
        String id = gateway.processing();
        gateway.checks.clear();

        gateway.clock.advance(Duration.ofMinutes(5));
        SweepOpenRequests.Report early = gateway.sweeper().sweep();
        gateway.clock.advance(Duration.ofMinutes(6));
        SweepOpenRequests.Report late = gateway.sweeper().sweep();

        assertThat(early.expired()).isZero();
        assertThat(late.expired()).isEqualTo(1);
        assertThat(request(id).outcome().orElseThrow().errorCode())
                .contains(ErrorCodes.PROCESSING_DEADLINE_EXCEEDED);
    }
}
