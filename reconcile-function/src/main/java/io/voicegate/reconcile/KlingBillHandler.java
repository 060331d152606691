package io.voicegate.reconcile;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.voicegate.app.ReconcileKlingBill;
import io.voicegate.config.Wiring;
import io.voicegate.lambda.SnapStartHandler;
import io.voicegate.port.Metrics;

/** The daily reconciliation against Kling's bill (schedule): reconciles the previous UTC day and keeps the report. */
public class KlingBillHandler extends SnapStartHandler
        implements RequestHandler<ScheduledEvent, String> {

    private final ReconcileKlingBill reconcile;
    private final Metrics metrics;

    /** The constructor Lambda calls: the production wiring, and SnapStart's hooks registered. */
    public KlingBillHandler() {
        this(Wiring.fromEnv());
        registerForSnapStart();
    }

    public KlingBillHandler(Wiring wiring) {
        super(wiring);
        this.reconcile = wiring.reconcileKlingBill();
        this.metrics = wiring.metrics();
    }

    /**
     * @param reconcile the daily reconciliation use case
     * @param metrics this function's business metrics, flushed once per invocation (without SnapStart hooks:
     *                tests and other hosts)
     */
    KlingBillHandler(ReconcileKlingBill reconcile, Metrics metrics) {
        this.reconcile = reconcile;
        this.metrics = metrics;
    }

    /** @return a one-line summary: the day, the tasks checked and the mismatches found */
    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        var report = metrics.flushAfter(() -> reconcile.run(reconcile.yesterday()));
        return report.date() + ": " + report.checkedTasks() + " tasks checked, " + report.mismatches().size()
                + " mismatches";
    }
}
