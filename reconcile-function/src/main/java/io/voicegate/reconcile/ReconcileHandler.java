package io.voicegate.reconcile;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.voicegate.app.ReconcileRequest;
import io.voicegate.config.Wiring;
import io.voicegate.lambda.StreamBatches;

/**
 * The requests table's stream, filtered (in the template) to requests becoming terminal: settles each one's money.
 * The stream record only names the request; the settlement reads the record itself, the source of truth.
 */
public class ReconcileHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final ReconcileRequest reconcile;

    public ReconcileHandler() {
        this(Wiring.fromEnv());
    }

    public ReconcileHandler(Wiring wiring) {
        this(wiring.reconcileRequest());
    }

    /** @param reconcile the settlement use case */
    ReconcileHandler(ReconcileRequest reconcile) {
        this.reconcile = reconcile;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return StreamBatches.eachKey(event, "request_id", reconcile::reconcile);
    }
}
