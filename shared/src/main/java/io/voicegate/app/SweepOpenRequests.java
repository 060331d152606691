package io.voicegate.app;

import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.Transition;
import io.voicegate.domain.kling.KlingException;
import io.voicegate.domain.kling.KlingTask;
import io.voicegate.port.DispatchQueue;
import io.voicegate.port.KlingClient;
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
 * The safety net, run on a schedule over the sparse index of open requests: re-asks Kling about requests processing
 * for too long (their callbacks may be lost) and applies the answer as a callback would; re-sends the dispatch hint
 * of requests still dispatched (their message may be lost) and fails those past the dispatch deadline; and settles
 * terminal requests the stream left unsettled, counting them.
 */
public class SweepOpenRequests {

    private static final Logger LOG = LoggerFactory.getLogger(SweepOpenRequests.class);
    static final int PAGE = 100;

    /** What one sweep did, for logs and tests. */
    public record Report(int requeried, int applied, int redispatched, int expired, int unsettled) {
    }

    /** When each kind of open request is old enough to act on. */
    public record Thresholds(Duration processingAfter, Duration redispatchAfter, Duration dispatchDeadline,
                             Duration unsettledAfter) {
    }

    private final RequestStore requests;
    private final KlingClient kling;
    private final ApplyKlingTask apply;
    private final DispatchQueue dispatch;
    private final ReconcileRequest reconcile;
    private final Thresholds thresholds;
    private final Clock clock;

    public SweepOpenRequests(RequestStore requests, KlingClient kling, ApplyKlingTask apply, DispatchQueue dispatch,
                             ReconcileRequest reconcile, Thresholds thresholds, Clock clock) {
        this.requests = requests;
        this.kling = kling;
        this.apply = apply;
        this.dispatch = dispatch;
        this.reconcile = reconcile;
        this.thresholds = thresholds;
        this.clock = clock;
    }

    public Report sweep() {
        Instant now = clock.instant();
        int requeried = 0;
        int applied = 0;
        for (OpenRequest open : requests.open(OpenState.PROCESSING, now.minus(thresholds.processingAfter()), PAGE)) {
            Optional<Request> request = requests.find(open.requestId());
            if (request.isEmpty() || request.get().status() != RequestStatus.PROCESSING) {
                continue;
            }
            requeried++;
            applied += requery(request.get()) ? 1 : 0;
        }
        int redispatched = 0;
        int expired = 0;
        for (OpenRequest open : requests.open(OpenState.DISPATCHED, now.minus(thresholds.redispatchAfter()), PAGE)) {
            if (now.isAfter(open.createdAt().plus(thresholds.dispatchDeadline()))) {
                expired += requests.advance(open.requestId(), Transition.failed(Outcome.dispatchDeadlineExceeded()),
                        now) ? 1 : 0;
            } else {
                dispatch.enqueue(open.requestId(), true);
                redispatched++;
            }
        }
        int unsettled = 0;
        for (OpenRequest open : requests.open(OpenState.UNSETTLED, now.minus(thresholds.unsettledAfter()), PAGE)) {
            unsettled++;
            LOG.warn("request {} is terminal but unsettled since before {} [metric: unsettled_requests]; settling",
                    open.requestId(), now.minus(thresholds.unsettledAfter()));
            reconcile.reconcile(open.requestId());
        }
        Report report = new Report(requeried, applied, redispatched, expired, unsettled);
        if (requeried + redispatched + expired + unsettled > 0) {
            LOG.info("sweep: {}", report);
        }
        return report;
    }

    private boolean requery(Request request) {
        try {
            Optional<KlingTask> task = request.klingTaskId().isPresent()
                    ? kling.findByTaskId(request.klingTaskId().get())
                    : kling.findByExternalTaskId(request.requestId());
            return task.isPresent() && apply.apply(request, task.get());
        } catch (KlingException e) {
            LOG.warn("sweep: Kling could not be asked about request {} ({})", request.requestId(), e.getMessage());
            return false;
        }
    }
}
