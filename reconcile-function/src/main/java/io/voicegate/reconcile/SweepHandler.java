package io.voicegate.reconcile;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.voicegate.app.SweepOpenRequests;
import io.voicegate.config.Wiring;

/** The scheduled sweeper (every minute): no request stays open forever. */
public class SweepHandler implements RequestHandler<ScheduledEvent, SweepOpenRequests.Report> {

    private final SweepOpenRequests sweep;

    public SweepHandler() {
        this(Wiring.fromEnv());
    }

    public SweepHandler(Wiring wiring) {
        this(wiring.sweepOpenRequests());
    }

    /** @param sweep the sweeper use case */
    SweepHandler(SweepOpenRequests sweep) {
        this.sweep = sweep;
    }

    @Override
    public SweepOpenRequests.Report handleRequest(ScheduledEvent event, Context context) {
        return sweep.sweep();
    }
}
