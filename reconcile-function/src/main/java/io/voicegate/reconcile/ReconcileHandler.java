package io.voicegate.reconcile;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.voicegate.adapter.dynamodb.StreamImages;
import io.voicegate.app.ReconcileRequest;
import io.voicegate.config.Wiring;
import io.voicegate.lambda.StreamBatches;

/**
 * The requests table's stream, filtered (in the template) to requests becoming terminal: settles each one's money.
 * The stream record's new image (the template's stream carries new and old images) is the request as it became
 * terminal, so the settlement reads nothing first; a record without a full image is read by its key.
 */
public class ReconcileHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final ReconcileRequest reconcile;

    public ReconcileHandler() {
        this(Wiring.fromEnv());
    }

    public ReconcileHandler(Wiring wiring) {
        this.reconcile = wiring.reconcileRequest();
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return StreamBatches.eachNewImage(event, "request_id", (requestId, image) -> StreamImages.request(image)
                .map(reconcile::reconcile).orElseGet(() -> reconcile.reconcile(requestId)));
    }
}
