package io.voicegate.reconcile;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.voicegate.app.ReconcileKlingBill;
import io.voicegate.config.Wiring;

/** The daily reconciliation against Kling's bill (schedule): reconciles the previous UTC day and keeps the report. */
public class KlingBillHandler implements RequestHandler<ScheduledEvent, String> {

    private final ReconcileKlingBill reconcile;

    public KlingBillHandler() {
        this(Wiring.fromEnv());
    }

    public KlingBillHandler(Wiring wiring) {
        this(wiring.reconcileKlingBill());
    }

    /** @param reconcile the daily reconciliation use case */
    KlingBillHandler(ReconcileKlingBill reconcile) {
        this.reconcile = reconcile;
    }

    /** @return a one-line summary: the day, the tasks checked and the mismatches found */
    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        var report = reconcile.run(reconcile.yesterday());
        return report.date() + ": " + report.checkedTasks() + " tasks checked, " + report.mismatches().size()
                + " mismatches";
    }
}
