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
 * dispatched (their message may be lost) and fails those past the dispatch deadline; and settles terminal requests
 * the stream left unsettled for {@code unsettledAfter} since they became terminal, counting them. One request that
 * fails is logged with its reason and counted; the sweep goes on with the others.
 */
public class SweepOpenRequests {

    private static final Logger LOG = LoggerFactory.getLogger(SweepOpenRequests.class);
    static final int PAGE = 100;

    /** What one sweep did, for logs and tests; {@code failed} counts requests that threw and were skipped. */
    public record Report(int requeried, int applied, int redispatched, int expired, int unsettled, int failed) {
    }

    /** When each kind of open request is old enough to act on (each measured from entering its open state). */
    public record Thresholds(Duration processingAfter, Duration redispatchAfter, Duration dispatchDeadline,
                             Duration unsettledAfter) {
    }

    private final RequestStore requests;
    private final RefreshKlingTask refresh;
    private final DispatchQueue dispatch;
    private final ReconcileRequest reconcile;
    private final Thresholds thresholds;
    private final Clock clock;
    private final Metrics metrics;

    public SweepOpenRequests(RequestStore requests, RefreshKlingTask refresh, DispatchQueue dispatch,
                             ReconcileRequest reconcile, Thresholds thresholds, Clock clock) {
        this(requests, refresh, dispatch, reconcile, thresholds, clock, Metrics.NONE);
    }

    /** @param metrics counts each terminal request found unsettled */
    public SweepOpenRequests(RequestStore requests, RefreshKlingTask refresh, DispatchQueue dispatch,
                             ReconcileRequest reconcile, Thresholds thresholds, Clock clock, Metrics metrics) {
        this.metrics = metrics;
        this.requests = requests;
        this.refresh = refresh;
        this.dispatch = dispatch;
        this.reconcile = reconcile;
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
        for (OpenRequest open : requests.open(OpenState.DISPATCHED, now.minus(thresholds.redispatchAfter()), PAGE)) {
            isolated(open, counts, () -> {
                if (now.isAfter(open.since().plus(thresholds.dispatchDeadline()))) {
                    counts[3] += requests.advance(open.requestId(),
                            Transition.failed(Outcome.dispatchDeadlineExceeded()), now) ? 1 : 0;
                } else {
                    dispatch.enqueue(open.requestId(), true);
                    counts[2]++;
                }
            });
        }
        for (OpenRequest open : requests.open(OpenState.UNSETTLED, now.minus(thresholds.unsettledAfter()), PAGE)) {
            counts[4]++;
            metrics.unsettledRequestFound();
            LOG.warn("request {} is terminal but unsettled since {} [metric: unsettled_requests]; settling",
                    open.requestId(), open.since());
            isolated(open, counts, () -> reconcile.reconcile(open.requestId()));
        }
        Report report = new Report(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]);
        if (counts[0] + counts[2] + counts[3] + counts[4] + counts[5] > 0) {
            LOG.info("sweep: {}", report);
        }
        return report;
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
