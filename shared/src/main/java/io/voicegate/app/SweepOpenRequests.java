package io.voicegate.app;

import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.Transition;
import io.voicegate.port.DispatchQueue;
import io.voicegate.port.Metrics;
import io.voicegate.port.RequestStore;
import io.voicegate.port.RequestStore.OpenRequest;
import io.voicegate.port.RequestStore.OpenState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The safety net, run on a schedule over the sparse index of open requests (keyed by when each entered its open
 * state): re-asks Kling about requests processing for too long (their callbacks and checks may be lost) and fails
 * those past the processing deadline ({@link RefreshKlingTask}); re-sends the dispatch hint of requests still
 * dispatched (their message may be lost) and fails those past their bound (the dispatch deadline since admission to
 * Kling, or the queue timeout while still waiting for a Kling slot); and settles terminal requests
 * the stream left unsettled for {@code unsettledAfter} since they became terminal, counting them; and takes back the
 * Kling slots of requests that ended without giving theirs back. One request that fails is logged with its reason and
 * counted; the sweep goes on with the others.
 */
public class SweepOpenRequests {

    private static final Logger LOG = LoggerFactory.getLogger(SweepOpenRequests.class);
    static final int PAGE = 100;

    /** What one sweep did, for logs and tests; {@code failed} counts requests that threw and were skipped. */
    public record Report(int requeried, int applied, int redispatched, int expired, int unsettled, int failed) {
    }

    /** When each kind of open request is old enough to act on (each measured from entering its open state). */
    public record Thresholds(Duration processingAfter, Duration redispatchAfter, Duration unsettledAfter) {
    }

    private final RequestStore requests;
    private final RefreshKlingTask refresh;
    private final DispatchQueue dispatch;
    private final SettleRequest settle;
    private final Thresholds thresholds;
    private final KlingAdmission admission;
    private final Clock clock;
    private final Metrics metrics;

    /**
     * @param admission the Kling slots: a dispatched request holding one is judged by the dispatch deadline since its
     *                  admission, one still waiting for one by the queue timeout since its submission
     * @param metrics   counts each terminal request found unsettled
     */
    public SweepOpenRequests(RequestStore requests, RefreshKlingTask refresh, DispatchQueue dispatch,
                             SettleRequest settle, KlingAdmission admission, Thresholds thresholds,
                             Clock clock, Metrics metrics) {
        this.admission = admission;
        this.metrics = metrics;
        this.requests = requests;
        this.refresh = refresh;
        this.dispatch = dispatch;
        this.settle = settle;
        this.thresholds = thresholds;
        this.clock = clock;
    }

    public Report sweep() {
        Instant now = clock.instant();
        int[] counts = new int[6];
        for (OpenRequest open : requests.open(OpenState.PROCESSING, now.minus(thresholds.processingAfter()), PAGE)) {
            isolated(open, counts, () -> {
                Optional<Request> request = requests.find(open.requestId());
                if (request.isEmpty()) {
                    return;
                }
                RefreshKlingTask.Result result = refresh.refresh(request.get(), open.since());
                counts[0] += result == RefreshKlingTask.Result.NOT_PROCESSING ? 0 : 1;
                counts[1] += result == RefreshKlingTask.Result.ENDED ? 1 : 0;
                counts[3] += result == RefreshKlingTask.Result.EXPIRED ? 1 : 0;
            });
        }
        KlingAdmission.Pool pool = admission.pool(); // one read of the Kling slots per sweep
        for (OpenRequest open : requests.open(OpenState.DISPATCHED, now.minus(thresholds.redispatchAfter()), PAGE)) {
            isolated(open, counts, () -> {
                KlingAdmission.Overrun overrun = pool.overrun(open.requestId(), open.since(), now);
                if (overrun == KlingAdmission.Overrun.NONE) {
                    dispatch.enqueue(open.requestId(), true);
                    counts[2]++;
                } else {
                    counts[3] += expire(open.requestId(), overrun, now) ? 1 : 0;
                }
            });
        }
        for (OpenRequest open : requests.open(OpenState.UNSETTLED, now.minus(thresholds.unsettledAfter()), PAGE)) {
            counts[4]++;
            metrics.unsettledRequestFound();
            LOG.warn("request {} is terminal but unsettled since {} [metric: unsettled_requests]; settling",
                    open.requestId(), open.since());
            isolated(open, counts, () -> settle.settle(open.requestId()));
        }
        for (String holder : pool.heldSince(now.minus(thresholds.processingAfter()))) {
            isolated(new OpenRequest(holder, now), counts, () -> reclaim(holder));
        }
        Report report = new Report(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]);
        if (counts[0] + counts[2] + counts[3] + counts[4] + counts[5] > 0) {
            LOG.info("sweep: {}", report);
        }
        return report;
    }

    /**
     * Takes back the Kling slot of a request that ended without giving it back (its release was lost): a slot held
     * that long by a request that is no longer open. A request still dispatched or processing keeps its slot.
     */
    private void reclaim(String holder) {
        Optional<Request> request = requests.find(holder);
        if (request.isEmpty() || request.get().status().isTerminal()) {
            admission.release(holder);
            LOG.warn("request {} had ended without giving back its Kling slot; taken back [metric: "
                    + "kling_slots_reclaimed]", holder);
        }
    }

    /** Fails a dispatched request past its bound; {@code queue_timeout} only while it never went to Kling. */
    private boolean expire(String requestId, KlingAdmission.Overrun overrun, Instant now) {
        if (overrun == KlingAdmission.Overrun.QUEUE_TIMEOUT) {
            return KlingAdmission.failQueueTimeout(requests, requestId, now);
        }
        return requests.advance(requestId, Transition.failed(Outcome.dispatchDeadlineExceeded()), now);
    }

    /** Runs one request's work; a failure is logged with its reason and counted, and the sweep goes on. */
    private static void isolated(OpenRequest open, int[] counts, Runnable work) {
        RequestLogContext.begin(open.requestId());
        try {
            work.run();
        } catch (RuntimeException e) {
            counts[5]++;
            LOG.error("sweep: request {} skipped after a failure [metric: sweep_failures]: {}", open.requestId(),
                    e.toString(), e);
        } finally {
            RequestLogContext.end();
        }
    }
}
