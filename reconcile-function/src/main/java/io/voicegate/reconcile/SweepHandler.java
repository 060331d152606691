package io.voicegate.reconcile;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.voicegate.app.SweepOpenRequests;
import io.voicegate.config.Wiring;
import io.voicegate.port.Metrics;

/** The scheduled sweeper (every minute): no request stays open forever. */
public class SweepHandler implements RequestHandler<ScheduledEvent, SweepOpenRequests.Report> {

    private final SweepOpenRequests sweep;
    private final Metrics metrics;

    public SweepHandler() {
        this(Wiring.fromEnv());
    }

    public SweepHandler(Wiring wiring) {
        this.sweep = wiring.sweepOpenRequests();
        this.metrics = wiring.metrics();
    }

    @Override
    public SweepOpenRequests.Report handleRequest(ScheduledEvent event, Context context) {
        return metrics.flushAfter(sweep::sweep);
    }
}
