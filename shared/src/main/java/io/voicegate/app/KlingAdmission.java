package io.voicegate.app;

import io.voicegate.domain.Outcome;
import io.voicegate.port.KlingSlots;
import io.voicegate.port.KlingSlots.Granted;
import io.voicegate.port.KlingSlots.Lease;
import io.voicegate.port.KlingSlots.Refused;
import io.voicegate.port.QueueUnavailableException;
import io.voicegate.port.RequestStore;
import io.voicegate.port.SlotWaits;
import io.voicegate.port.Sleeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Admission to Kling: a request is created at Kling only while it holds one of the deployment's task slots
 * ({@link KlingSlots}), counted over Kling tasks in flight (taken before the create, given back by the write that ends
 * the request, {@link SlotReleasingRequests}), so the gateway keeps Kling busy at its concurrency limit and never
 * beyond it.
 *
 * <p>A request that finds every slot held waits in our queue, not at Kling: the worker first waits a little in process,
 * re-reading the pool, and takes a slot as soon as one is given back; after that it sends the request's dispatch
 * message again with a short delay ({@link SlotWaits}). A request still without a slot {@code queueTimeout} after it
 * was submitted fails with {@code queue_timeout} and is refunded. A slot whose release was lost (the request ended,
 * the release failed) is taken back by the sweeper once the request has held it a while ({@link SweepOpenRequests});
 * and any slot, whatever became of its holder, comes back when its lease expires: {@code lease} after it was taken,
 * longer than a request can legitimately hold it (the dispatch deadline and the processing deadline, with room).
 */
public class KlingAdmission {

    private static final Logger LOG = LoggerFactory.getLogger(KlingAdmission.class);

    /**
     * @param limit        Kling tasks in flight at most (Kling's concurrency for the account's resource pack)
     * @param queueTimeout how long a request may wait for a slot, from its submission
     * @param dispatchDeadline how long Kling may refuse an admitted request, from its admission, before it fails with
     *                     {@code dispatch_deadline_exceeded}
     * @param lease        how long a slot stays held without a release before anyone may take it over
     * @param maxWait      how long a worker waits in process for a slot before putting the request back in the queue
     * @param poll         how often a waiting worker re-reads the pool
     * @param requeueDelay the delay of a request put back in the queue is drawn from [requeueDelay, 2 × requeueDelay]
     */
    public record Policy(int limit, Duration queueTimeout, Duration dispatchDeadline, Duration lease,
                         Duration maxWait, Duration poll, Duration requeueDelay) {

        /** The worker's waiting: 3 s in process, re-reading the pool every 200 ms, then back in the queue for 2–4 s. */
        public static Policy of(int limit, Duration queueTimeout, Duration dispatchDeadline, Duration lease) {
            return new Policy(limit, queueTimeout, dispatchDeadline, lease, Duration.ofSeconds(3),
                    Duration.ofMillis(200), Duration.ofSeconds(2));
        }

        public Policy {
            if (limit < 1) {
                throw new IllegalArgumentException("the Kling task limit must be at least 1");
            }
            if (poll.isZero() || poll.isNegative()) {
                throw new IllegalArgumentException("the poll interval must be positive");
            }
        }
    }

    /** What admission decided for a dispatched request. */
    public sealed interface Decision permits Admitted, Queued, QueueTimedOut, NotQueued, NotWaiting {
    }

    /**
     * The request holds a slot: it may go to Kling.
     *
     * @param since      when it took its slot (the dispatch deadline counts from here); empty without slots, when
     *                   the deadline counts from the request's submission
     * @param heldBefore it held the slot already, so an earlier attempt may have created its Kling task
     */
    public record Admitted(Optional<Instant> since, boolean heldBefore) implements Decision {
    }

    /** Every slot is held: the request waits in the queue again (its message was sent anew, with a delay). */
    public record Queued(Duration delay) implements Decision {
    }

    /** The request waited for a slot longer than the queue timeout: it fails with {@code queue_timeout}. */
    public record QueueTimedOut() implements Decision {
    }

    /** Every slot is held and the request could not be put back in the queue: keep its message for a retry. */
    public record NotQueued() implements Decision {
    }

    /** Every slot is held, and the request no longer waits for one (it was canceled, or moved on): nothing to do. */
    public record NotWaiting() implements Decision {
    }

    /** What a dispatched request has overrun, judged by the sweeper. */
    public enum Overrun { NONE, QUEUE_TIMEOUT, DISPATCH_DEADLINE }

    /**
     * Fails a request that waited for a slot past the queue timeout ({@code queue_timeout}; its hold is refunded when
     * it settles), only while it never went to Kling ({@link RequestStore#cancel}), and logs it once: for the dispatch
     * worker and the sweeper alike.
     *
     * @return whether this call failed it
     */
    static boolean failQueueTimeout(RequestStore requests, String requestId, Instant now) {
        boolean failed = requests.cancel(requestId, Outcome.queueTimeout(), now);
        if (failed) {
            LOG.warn("request {} failed: no Kling slot within the queue timeout [metric: queue_timeouts]", requestId);
        }
        return failed;
    }

    private final Optional<KlingSlots> slots;
    private final Policy policy;
    private final SlotWaits waits;
    private final Sleeper sleeper;
    private final Random random;
    private final Clock clock;

    public KlingAdmission(KlingSlots slots, Policy policy, SlotWaits waits, Sleeper sleeper, Random random,
                          Clock clock) {
        this(Optional.of(slots), policy, waits, sleeper, random, clock);
    }

    private KlingAdmission(Optional<KlingSlots> slots, Policy policy, SlotWaits waits, Sleeper sleeper,
                           Random random, Clock clock) {
        this.slots = slots;
        this.policy = policy;
        this.waits = waits;
        this.sleeper = sleeper;
        this.random = random;
        this.clock = clock;
    }

    /**
     * No limit: every request is admitted, as admitted when it was submitted (so the dispatch deadline counts from
     * submission), and may have been sent to Kling before. For wiring that counts no slots.
     */
    public static KlingAdmission unlimited(Duration dispatchDeadline) {
        return new KlingAdmission(Optional.empty(), Policy.of(1, Duration.ofDays(365), dispatchDeadline,
                Duration.ofDays(365)),
                (requestId, delay) -> { }, Sleeper.THREAD, new Random(), Clock.systemUTC());
    }

    /**
     * Admits a dispatched request to Kling, or decides that it waits, or that it waited too long. Takes a slot (one
     * conditional write, and no read first); when none is free, reads the request once (whether it still waits at
     * all, and since when), then takes over an expired lease, else waits up to {@link Policy#maxWait} for one,
     * re-reading the pool, and then puts the request back in the queue.
     *
     * @param waitingSince when the request was submitted, while it is still dispatched; empty once it is not (read only
     *                     when every slot is held: then its queue timeout matters, and a canceled request stops waiting)
     */
    public Decision admit(String requestId, Supplier<Optional<Instant>> waitingSince) {
        if (slots.isEmpty()) {
            return new Admitted(Optional.empty(), true);
        }
        Instant waitUntil = clock.instant().plus(policy.maxWait());
        Optional<Instant> submittedAt = Optional.empty();
        while (true) {
            Instant now = clock.instant();
            Optional<Granted> granted = take(requestId, now);
            if (granted.isPresent()) {
                return new Admitted(Optional.of(granted.get().since()), granted.get().heldBefore());
            }
            if (submittedAt.isEmpty()) {
                submittedAt = waitingSince.get();
                if (submittedAt.isEmpty()) {
                    return new NotWaiting();
                }
            }
            if (now.isAfter(submittedAt.get().plus(policy.queueTimeout()))) {
                return new QueueTimedOut();
            }
            if (!awaitFreeSlot(waitUntil)) {
                return requeue(requestId);
            }
        }
    }

    /**
     * Whether Kling has refused an admitted request for longer than the dispatch deadline: the one place that decides
     * it, for the worker and the sweeper alike. Then the request fails with {@code dispatch_deadline_exceeded}.
     *
     * @param admittedAt when the request was admitted (for a request that reached Kling once without a slot, the end
     *                   of its queue timeout)
     */
    public boolean pastDispatchDeadline(Instant admittedAt, Instant now) {
        return pastDispatchDeadline(admittedAt, now, policy.dispatchDeadline());
    }

    private static boolean pastDispatchDeadline(Instant admittedAt, Instant now, Duration deadline) {
        return now.isAfter(admittedAt.plus(deadline));
    }

    /** One attempt at a slot: a free one, else the oldest expired lease. */
    private Optional<Granted> take(String requestId, Instant now) {
        KlingSlots.Grant grant = slots.get().acquire(requestId, now, policy.limit(), Optional.empty());
        if (grant instanceof Granted granted) {
            return Optional.of(granted);
        }
        Optional<Lease> expired = oldestExpired(((Refused) grant).leases(), now);
        if (expired.isEmpty()) {
            return Optional.empty();
        }
        grant = slots.get().acquire(requestId, now, policy.limit(), expired);
        if (grant instanceof Granted granted) {
            LOG.warn("request {} took over the Kling slot request {} held since {} (its lease of {} s expired "
                    + "without a release) [metric: kling_slots_reclaimed]", requestId, expired.get().requestId(),
                    expired.get().since(), policy.lease().toSeconds());
            return Optional.of(granted);
        }
        return Optional.empty();
    }

    /** Re-reads the pool until it shows a free or expired slot (true), or the wait is over (false). */
    private boolean awaitFreeSlot(Instant waitUntil) {
        while (!clock.instant().plus(policy.poll()).isAfter(waitUntil)) {
            try {
                sleeper.sleep(policy.poll());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            List<Lease> leases = slots.get().leases();
            if (leases.size() < policy.limit() || oldestExpired(leases, clock.instant()).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private Decision requeue(String requestId) {
        long base = policy.requeueDelay().toMillis();
        Duration delay = Duration.ofMillis(base + (long) (random.nextDouble() * base));
        try {
            waits.requeue(requestId, delay);
            return new Queued(delay);
        } catch (QueueUnavailableException e) {
            LOG.warn("request {}: waiting for a Kling slot, but could not be put back in the queue: {}", requestId,
                    e.getMessage());
            return new NotQueued();
        }
    }

    private Optional<Lease> oldestExpired(List<Lease> leases, Instant now) {
        return leases.stream().filter(lease -> now.isAfter(lease.since().plus(policy.lease())))
                .min(Comparator.comparing(Lease::since));
    }

    /**
     * Gives back the slot of a request that has ended (its task ended, it failed or was canceled): the next waiting
     * request may take it. Repeating it is harmless.
     */
    public void release(String requestId) {
        slots.ifPresent(pool -> pool.release(requestId));
    }

    /**
     * The pool as it is now, to judge dispatched requests against their deadlines (the sweeper reads it once per
     * sweep).
     */
    public Pool pool() {
        Map<String, Instant> held = new HashMap<>();
        slots.ifPresent(pool -> pool.leases().forEach(lease -> held.put(lease.requestId(), lease.since())));
        return new Pool(slots.isEmpty(), held, policy.queueTimeout(), policy.dispatchDeadline());
    }

    /** The slots held at one moment. */
    public static final class Pool {
        private final boolean unlimited;
        private final Map<String, Instant> held;
        private final Duration queueTimeout;
        private final Duration dispatchDeadline;

        private Pool(boolean unlimited, Map<String, Instant> held, Duration queueTimeout, Duration dispatchDeadline) {
            this.dispatchDeadline = dispatchDeadline;
            this.unlimited = unlimited;
            this.held = Map.copyOf(held);
            this.queueTimeout = queueTimeout;
        }

        /** The requests holding a slot since before {@code before}, longest first. */
        public List<String> heldSince(Instant before) {
            return held.entrySet().stream().filter(e -> e.getValue().isBefore(before))
                    .sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
        }

        /**
         * What a still dispatched request has overrun: holding a slot, the dispatch deadline since it was admitted
         * (Kling kept refusing it); without one, the queue timeout since it was submitted, and a dispatch deadline
         * after that (for a request that reached Kling once, before it held a slot: it cannot time out in the queue).
         */
        public Overrun overrun(String requestId, Instant submittedAt, Instant now) {
            Instant admitted = unlimited ? submittedAt : held.get(requestId);
            if (admitted != null) {
                return pastDispatchDeadline(admitted, now, dispatchDeadline) ? Overrun.DISPATCH_DEADLINE
                        : Overrun.NONE;
            }
            Instant queueEnd = submittedAt.plus(queueTimeout);
            if (pastDispatchDeadline(queueEnd, now, dispatchDeadline)) {
                return Overrun.DISPATCH_DEADLINE;
            }
            return now.isAfter(queueEnd) ? Overrun.QUEUE_TIMEOUT : Overrun.NONE;
        }
    }
}
