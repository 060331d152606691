package io.voicegate.reconcile;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.voicegate.app.SweepOpenRequests;
import io.voicegate.config.Wiring;
import io.voicegate.lambda.SnapStartHandler;
import io.voicegate.port.Metrics;

/** The scheduled sweeper (every minute): no request stays open forever. */
public class SweepHandler extends SnapStartHandler
        implements RequestHandler<ScheduledEvent, SweepOpenRequests.Report> {

    private final SweepOpenRequests sweep;
    private final Metrics metrics;

    /** The constructor Lambda calls: the production wiring, and SnapStart's hooks registered. */
    public SweepHandler() {
        this(Wiring.fromEnv());
        registerForSnapStart();
    }

    public SweepHandler(Wiring wiring) {
        super(wiring);
        this.sweep = wiring.sweepOpenRequests();
        this.metrics = wiring.metrics();
    }

    /**
     * @param sweep the sweeper use case
     * @param metrics this function's business metrics, flushed once per invocation (without SnapStart hooks:
     *                tests and other hosts)
     */
    SweepHandler(SweepOpenRequests sweep, Metrics metrics) {
        this.sweep = sweep;
        this.metrics = metrics;
    }

    @Override
    public SweepOpenRequests.Report handleRequest(ScheduledEvent event, Context context) {
        return metrics.flushAfter(sweep::sweep);
    }
}
