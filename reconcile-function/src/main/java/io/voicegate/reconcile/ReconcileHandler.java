package io.voicegate.reconcile;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.voicegate.app.ReconcileRequest;
import io.voicegate.config.Wiring;
import io.voicegate.lambda.SnapStartHandler;
import io.voicegate.lambda.StreamBatches;
import io.voicegate.port.Metrics;

/**
 * The requests table's stream, filtered (in the template) to requests becoming terminal: settles each one's money.
 * The stream record only names the request; the settlement reads the record itself, the source of truth.
 */
public class ReconcileHandler extends SnapStartHandler
        implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final ReconcileRequest reconcile;
    private final Metrics metrics;

    /** The constructor Lambda calls: the production wiring, and SnapStart's hooks registered. */
    public ReconcileHandler() {
        this(Wiring.fromEnv());
        registerForSnapStart();
    }

    public ReconcileHandler(Wiring wiring) {
        super(wiring);
        this.reconcile = wiring.reconcileRequest();
        this.metrics = wiring.metrics();
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return metrics.flushAfter(() -> StreamBatches.eachKey(event, "request_id", reconcile::reconcile));
    }
}
