package io.voicegate.app;

import io.voicegate.domain.BillingState;
import io.voicegate.domain.ErrorCodes;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestBuilder;
import io.voicegate.domain.RequestStatus;
import io.voicegate.port.QueueUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admission to Kling on in-memory fakes: a request goes to Kling only while it holds a slot, waits in our queue
 * otherwise, gives its slot back when it ends (however it ends; the sweeper takes back a slot whose release was lost),
 * takes over a slot whose lease expired, and
 * fails with {@code queue_timeout} (refunded) when it waits too long; the dispatch deadline counts from admission.
 */
class KlingAdmissionTest {

    private static final Duration QUEUE_TIMEOUT = Duration.ofHours(1);
    private static final Duration LEASE = Duration.ofMinutes(40);
    private static final Duration DISPATCH_DEADLINE = Duration.ofMinutes(15);

    private final Gateway gateway = new Gateway();
    private final InMemoryKlingSlots slots = new InMemoryKlingSlots();
    private final List<String> requeued = new ArrayList<>();
    private final List<Duration> requeueDelays = new ArrayList<>();
    private final List<Duration> waited = new ArrayList<>();
    /** Runs at each of a waiting worker's pauses, before the clock moves on. */
    private Runnable duringWait = () -> { };
    private boolean queueDown;

    private KlingAdmission admission(int limit) {
        return new KlingAdmission(slots, KlingAdmission.Policy.of(limit, QUEUE_TIMEOUT, DISPATCH_DEADLINE, LEASE), (id, delay) -> {
            if (queueDown) {
                throw new QueueUnavailableException("scripted outage", null);
            }
            requeued.add(id);
            requeueDelays.add(delay);
        }, pause -> {
            waited.add(pause);
            duringWait.run();
            gateway.clock.advance(pause);
        }, new Random(7), gateway.clock);
    }

    /** Lookups by external task id the workers made (whether Kling knew the task or not). */
    private int lookups;
    private final ScriptedKling kling = new ScriptedKling(gateway.clock) {
        @Override
        public synchronized Optional<io.voicegate.domain.kling.KlingTask> findByExternalTaskId(String id) {
            lookups++;
            return gateway.kling.findByExternalTaskId(id);
        }

        @Override
        public synchronized io.voicegate.domain.kling.KlingTask createVoice(
                io.voicegate.domain.kling.CreateVoice command) {
            return gateway.kling.createVoice(command);
        }
    };

    /** The store as the use cases that end requests see it: an end gives the slot back. */
    private SlotReleasingRequests ending(int limit) {
        return new SlotReleasingRequests(gateway.store, admission(limit));
    }

    private DispatchRequest worker(int limit) {
        return gateway.dispatchRequest(ending(limit), kling, "https://gw.example.com", gateway.taskChecks(),
                admission(limit));
    }


    private Request request(String id) {
        return gateway.store.find(id).orElseThrow();
    }

    /** Kling finishes the request's task and its callback is applied. */
    private void finish(String id, int limit) {
        if (gateway.kling.finishOf(id).isAfter(gateway.clock.instant())) {
            gateway.clock.set(gateway.kling.finishOf(id));
        }
        new ApplyKlingTask(ending(limit), gateway.clock).apply(request(id),
                gateway.kling.findByExternalTaskId(id).orElseThrow());
    }

    @Test
    void requestsGoToKlingUpToTheLimitAndTheRestWaitInTheQueue() {
        String first = gateway.submitted();
        String second = gateway.submitted();
        String third = gateway.submitted();

        DispatchRequest.Result a = worker(2).dispatch(first, false);
        DispatchRequest.Result b = worker(2).dispatch(second, false);
        DispatchRequest.Result c = worker(2).dispatch(third, false);

        assertThat(List.of(a, b, c)).containsOnly(DispatchRequest.Result.DONE);
        assertThat(request(first).status()).isEqualTo(RequestStatus.PROCESSING);
        assertThat(request(second).status()).isEqualTo(RequestStatus.PROCESSING);
        assertThat(request(third).status()).isEqualTo(RequestStatus.DISPATCHED);
        assertThat(gateway.kling.createdNames).hasSize(2);
        assertThat(requeued).containsExactly(third);
        assertThat(requeueDelays).singleElement().satisfies(delay ->
                assertThat(delay).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4)));
        assertThat(waited).as("the worker waited in process before putting it back")
                .hasSize(15).allMatch(pause -> pause.equals(Duration.ofMillis(200)));
        assertThat(slots.held()).isEqualTo(2);
    }

    @Test
    void aWaitingWorkerTakesTheSlotAsSoonAsTheTaskEnds() {
        String first = gateway.submitted();
        String second = gateway.submitted();
        worker(1).dispatch(first, false);
        Instant waitStarted = gateway.clock.instant();
        duringWait = () -> {
            if (waited.size() == 3 && request(first).status() == RequestStatus.PROCESSING) {
                finish(first, 1);
            }
        };

        worker(1).dispatch(second, false);

        assertThat(request(first).status()).isEqualTo(RequestStatus.SUCCESS);
        assertThat(request(second).status()).isEqualTo(RequestStatus.PROCESSING);
        assertThat(requeued).isEmpty();
        assertThat(waited).hasSize(3);
        assertThat(slots.holds(first)).isFalse();
        assertThat(slots.holds(second)).isTrue();
        assertThat(waitStarted).isBefore(gateway.clock.instant());
    }

    @Test
    void everyEndGivesTheSlotBackAtOnce() {
        String rejected = gateway.submitted();
        String canceled = gateway.submitted();
        String expired = gateway.submitted();
        ScriptedKling refusing = new ScriptedKling(gateway.clock) {
            @Override
            public io.voicegate.domain.kling.KlingTask createVoice(io.voicegate.domain.kling.CreateVoice command) {
                throw new io.voicegate.domain.kling.KlingRejectedException(1201, "voice_url is not reachable",
                        Optional.empty());
            }
        };
        DispatchRequest refused = gateway.dispatchRequest(ending(5), refusing, "https://gw.example.com",
                gateway.taskChecks(), admission(5));
        worker(5).dispatch(expired, false);
        gateway.kling.neverFinish = true;

        refused.dispatch(rejected, false);
        // a worker took a slot for it and crashed before marking it; then the client canceled it
        admission(5).admit(canceled, () -> Optional.of(request(canceled).createdAt()));
        new CancelRequest(ending(5), gateway.clock).cancel(Gateway.ACCOUNT, canceled);
        gateway.clock.advance(gateway.plan.processingDeadline().plusSeconds(1));
        new RefreshKlingTask(ending(5), new AskKling(gateway.kling), new ApplyKlingTask(ending(5), gateway.clock),
                gateway.taskChecks(), gateway.plan, gateway.clock).refresh(request(expired),
                request(expired).updatedAt());

        assertThat(request(rejected).outcome().flatMap(Outcome::errorCode)).contains(ErrorCodes.UPSTREAM_REJECTED);
        assertThat(request(canceled).outcome().flatMap(Outcome::errorCode)).contains(ErrorCodes.CANCELED);
        assertThat(request(expired).outcome().flatMap(Outcome::errorCode))
                .contains(ErrorCodes.PROCESSING_DEADLINE_EXCEEDED);
        assertThat(slots.held()).isZero();
        assertThat(slots.releases.get()).as("one release per end").isEqualTo(3);
    }

    @Test
    void aWorkerThatLosesTheRaceWithACancelGivesItsSlotBackAtOnce() {
        String id = gateway.submitted();
        InMemoryRequestStore cancelingStore = markingAfter(requestId ->
                gateway.store.cancel(requestId, Outcome.canceled(), gateway.clock.instant()));
        DispatchRequest racing = gateway.dispatchRequest(cancelingStore, gateway.kling, "https://gw.example.com",
                gateway.taskChecks(), admission(1));

        racing.dispatch(id, false);

        assertThat(request(id).outcome().flatMap(Outcome::errorCode)).contains(ErrorCodes.CANCELED);
        assertThat(gateway.kling.createdNames).isEmpty();
        assertThat(slots.held()).isZero();
    }

    @Test
    void aSlotWhoseReleaseNeverCameIsTakenOverOnceItsLeaseExpires() {
        String lost = gateway.submitted();
        String waiting = gateway.submitted();
        worker(1).dispatch(lost, false);
        // the request is still processing, its task lost track of: nothing releases it, only the lease brings it back

        gateway.clock.advance(LEASE.minusSeconds(5));
        worker(1).dispatch(waiting, false);
        boolean admittedBeforeExpiry = slots.holds(waiting);
        gateway.clock.advance(Duration.ofSeconds(10));
        worker(1).dispatch(waiting, false);

        assertThat(admittedBeforeExpiry).isFalse();
        assertThat(slots.holds(lost)).isFalse();
        assertThat(slots.holds(waiting)).isTrue();
        assertThat(request(waiting).status()).isEqualTo(RequestStatus.PROCESSING);
    }

    @Test
    void aRequestWaitingPastTheQueueTimeoutFailsRefundedAndNeverReachesKling() {
        String queued = gateway.submitted();
        gateway.clock.advance(QUEUE_TIMEOUT.minusMinutes(10));
        String busy = gateway.submitted();
        worker(1).dispatch(busy, false);

        gateway.clock.advance(Duration.ofMinutes(11));
        DispatchRequest.Result result = worker(1).dispatch(queued, false);
        gateway.settleRequest().settle(queued);

        assertThat(result).isEqualTo(DispatchRequest.Result.DONE);
        Request failed = request(queued);
        assertThat(failed.status()).isEqualTo(RequestStatus.FAILED);
        assertThat(failed.outcome().flatMap(Outcome::errorCode)).contains(ErrorCodes.QUEUE_TIMEOUT);
        assertThat(failed.billing().state()).isEqualTo(BillingState.REFUNDED);
        assertThat(gateway.store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING - 70_000);
        assertThat(gateway.kling.createdNames).hasSize(1);
        assertThat(requeued).isEmpty();
    }

    @Test
    void theDispatchDeadlineCountsFromAdmissionNotFromTheWaitInTheQueue() {
        String busy = gateway.submitted();
        String queued = gateway.submitted();
        worker(1).dispatch(busy, false);
        worker(1).dispatch(queued, false);

        gateway.clock.advance(DISPATCH_DEADLINE.plusMinutes(5));
        finish(busy, 1);
        DispatchRequest.Result result = worker(1).dispatch(queued, false);

        assertThat(result).isEqualTo(DispatchRequest.Result.DONE);
        assertThat(request(queued).status()).isEqualTo(RequestStatus.PROCESSING);
    }

    @Test
    void aRequestBackFromTheQueueIsCreatedWithoutAskingKlingFirst() {
        String busy = gateway.submitted();
        String queued = gateway.submitted();
        worker(1).dispatch(busy, false);
        worker(1).dispatch(queued, false);
        finish(busy, 1);

        worker(1).dispatch(queued, true);

        assertThat(request(queued).status()).isEqualTo(RequestStatus.PROCESSING);
        assertThat(lookups).as("no lookup: it never held a slot, so it never reached Kling").isZero();
    }

    @Test
    void aRedeliveredRequestThatHeldItsSlotIsLookedUpBeforeAnotherCreate() {
        String id = gateway.submitted();
        // an earlier attempt took the slot, then crashed: it may have reached Kling
        slots.acquire(id, gateway.clock.instant(), 1, Optional.empty());

        KlingAdmission.Decision again = admission(1).admit(id, () -> Optional.of(request(id).createdAt()));
        worker(1).dispatch(id, true);

        assertThat(again).isEqualTo(new KlingAdmission.Admitted(Optional.of(gateway.clock.instant()), true));
        assertThat(lookups).as("looked up by external task id first").isEqualTo(1);
        assertThat(request(id).status()).isEqualTo(RequestStatus.PROCESSING);
    }

    @Test
    void whenTheQueueCannotTakeItBackTheMessageIsKeptForARetry() {
        String busy = gateway.submitted();
        String queued = gateway.submitted();
        worker(1).dispatch(busy, false);
        queueDown = true;

        DispatchRequest.Result result = worker(1).dispatch(queued, false);

        assertThat(result).isEqualTo(DispatchRequest.Result.RETRY);
        assertThat(request(queued).status()).isEqualTo(RequestStatus.DISPATCHED);
    }

    @Test
    void theSweeperJudgesQueuedRequestsByTheQueueTimeoutAndAdmittedOnesByTheDispatchDeadline() {
        String admitted = gateway.submitted();
        String queued = gateway.submitted();
        String young = gateway.submitted();
        slots.acquire(admitted, gateway.clock.instant(), 1, Optional.empty());
        SweepOpenRequests.Thresholds thresholds = new SweepOpenRequests.Thresholds(Duration.ofMinutes(2),
                Duration.ofMinutes(10), Duration.ofMinutes(5));

        gateway.clock.advance(DISPATCH_DEADLINE.plusMinutes(1));
        SweepOpenRequests sweeper = new SweepOpenRequests(ending(1), gateway.refreshKlingTask(),
                gateway.dispatchQueue(), gateway.settleRequest(), admission(1), thresholds, gateway.clock,
                io.voicegate.port.Metrics.NONE);
        sweeper.sweep();
        Request admittedAfter = request(admitted);
        RequestStatus queuedBeforeTimeout = request(queued).status();
        gateway.clock.set(request(young).createdAt().plus(QUEUE_TIMEOUT).plusSeconds(1));
        gateway.store.advance(young, io.voicegate.domain.Transition.processing("t-young"), gateway.clock.instant());
        sweeper.sweep();

        assertThat(admittedAfter.outcome().flatMap(Outcome::errorCode))
                .contains(ErrorCodes.DISPATCH_DEADLINE_EXCEEDED);
        assertThat(queuedBeforeTimeout).isEqualTo(RequestStatus.DISPATCHED);
        assertThat(gateway.dispatched).contains(queued);
        assertThat(request(queued).outcome().flatMap(Outcome::errorCode)).contains(ErrorCodes.QUEUE_TIMEOUT);
        assertThat(request(young).status()).isEqualTo(RequestStatus.PROCESSING);
    }

    @Test
    void theSweeperTakesBackTheSlotOfARequestThatEndedWithoutGivingItBack() {
        String lost = gateway.submitted();
        String running = gateway.submitted();
        worker(2).dispatch(lost, false);
        worker(2).dispatch(running, false);
        // the request ends, but its release is lost (written straight to the store, as if the release had failed)
        gateway.store.advance(lost, io.voicegate.domain.Transition.failed(Outcome.failure("upstream_failed", "x")),
                gateway.clock.instant());
        gateway.kling.neverFinish = true;
        SweepOpenRequests sweeper = new SweepOpenRequests(ending(2), gateway.refreshKlingTask(),
                gateway.dispatchQueue(), gateway.settleRequest(), admission(2),
                new SweepOpenRequests.Thresholds(Duration.ofMinutes(2), Duration.ofMinutes(10),
                        Duration.ofMinutes(5)), gateway.clock, io.voicegate.port.Metrics.NONE);

        sweeper.sweep();
        boolean heldAtFirst = slots.holds(lost);
        gateway.clock.advance(Duration.ofMinutes(3));
        sweeper.sweep();

        assertThat(heldAtFirst).as("a young slot is left alone").isTrue();
        assertThat(slots.holds(lost)).isFalse();
        assertThat(slots.holds(running)).as("a processing request keeps its slot").isTrue();
    }

    @Test
    void withoutSlotsEveryRequestIsAdmittedAsOfItsSubmission() {
        String id = gateway.submitted();

        KlingAdmission.Decision decision = KlingAdmission.unlimited(DISPATCH_DEADLINE).admit(id, () -> {
            throw new AssertionError("nothing is read without slots");
        });

        assertThat(decision).isEqualTo(new KlingAdmission.Admitted(Optional.empty(), true));
    }

    /** The worker takes the slot without reading first: a duplicate message of a request at Kling leaves it be. */
    @Test
    void aDuplicateMessageOfARequestAlreadyAtKlingKeepsItsSlotAndCreatesNothing() {
        String id = gateway.submitted();
        worker(2).dispatch(id, false);
        int creates = gateway.kling.creates.size();

        DispatchRequest.Result again = worker(2).dispatch(id, false);

        assertThat(again).isEqualTo(DispatchRequest.Result.DONE);
        assertThat(gateway.kling.creates).hasSize(creates);
        assertThat(request(id).status()).isEqualTo(RequestStatus.PROCESSING);
        assertThat(slots.holds(id)).as("the running task keeps its slot").isTrue();
    }

    @Test
    void aCanceledRequestGivesBackTheSlotItsLateMessageTookAndOneFoundWaitingStopsWaiting() {
        String running = gateway.submitted();
        worker(2).dispatch(running, false);
        String canceledWithAFreeSlot = gateway.submitted();
        new CancelRequest(ending(2), gateway.clock).cancel(Gateway.ACCOUNT, canceledWithAFreeSlot);
        worker(2).dispatch(canceledWithAFreeSlot, false);
        String blocker = gateway.submitted();
        worker(2).dispatch(blocker, false);
        String canceledWhileFull = gateway.submitted();
        new CancelRequest(ending(2), gateway.clock).cancel(Gateway.ACCOUNT, canceledWhileFull);

        DispatchRequest.Result whileFull = worker(2).dispatch(canceledWhileFull, false);

        assertThat(slots.holds(canceledWithAFreeSlot)).as("taken, then given back at once").isFalse();
        assertThat(whileFull).isEqualTo(DispatchRequest.Result.DONE);
        assertThat(requeued).as("a canceled request does not wait in the queue").doesNotContain(canceledWhileFull);
        assertThat(waited).as("nor in the worker").isEmpty();
        assertThat(slots.holds(running)).isTrue();
        assertThat(slots.holds(blocker)).isTrue();
    }

    /** Two deliveries of one message: the one that loses the mark to the other must not free the running task's slot. */
    @Test
    void aDuplicateThatLosesTheMarkRaceKeepsTheRunningTasksSlot() {
        String id = gateway.submitted();
        // the duplicate, which found the slot held already, overtakes this worker and creates the task
        InMemoryRequestStore racingStore = markingAfter(requestId -> worker(2).dispatch(requestId, false));
        DispatchRequest first = gateway.dispatchRequest(racingStore, gateway.kling, "https://gw.example.com",
                gateway.taskChecks(), admission(2));

        first.dispatch(id, false);

        assertThat(request(id).status()).isEqualTo(RequestStatus.PROCESSING);
        assertThat(slots.holds(id)).as("the running task keeps its slot").isTrue();
    }

    /** The queue timeout counts from the stored submission, also for a request whose id was made earlier. */
    @Test
    void theQueueTimeoutCountsFromTheStoredSubmissionNotFromTheId() {
        String running = gateway.submitted();
        worker(1).dispatch(running, false);
        gateway.kling.neverFinish = true;
        // an idempotency take-over reuses an id made long before the request was stored
        Request takenOver = RequestBuilder.aRequest().id(new io.voicegate.domain.RequestIds(
                java.time.Clock.fixed(gateway.clock.instant().minus(QUEUE_TIMEOUT.multipliedBy(3)),
                        java.time.ZoneOffset.UTC), new java.util.Random(1)).next())
                .account(Gateway.ACCOUNT).createdAt(gateway.clock.instant())
                .billing(io.voicegate.domain.Billing.held(io.voicegate.domain.Money.ofMicros(70_000))).build();
        gateway.store.insert(takenOver, Optional.empty(), Optional.empty());

        worker(1).dispatch(takenOver.requestId(), false);

        assertThat(request(takenOver.requestId()).status()).as("still waiting, not timed out")
                .isEqualTo(RequestStatus.DISPATCHED);
        assertThat(requeued).contains(takenOver.requestId());
    }

    /**
     * The gateway's store as a worker sees it, where {@code beforeMark} happens to the request just before the worker's
     * create mark: how a race with a cancel or a duplicate delivery is staged.
     */
    private InMemoryRequestStore markingAfter(Consumer<String> beforeMark) {
        return new InMemoryRequestStore() {
            @Override
            public synchronized Optional<Request> markCreateAttempted(String requestId, Instant now) {
                beforeMark.accept(requestId);
                return gateway.store.markCreateAttempted(requestId, now);
            }

            @Override
            public synchronized Optional<Request> find(String requestId) {
                return gateway.store.find(requestId);
            }
        };
    }
}
