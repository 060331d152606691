package io.voicegate.reconcile;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.voicegate.adapter.dynamodb.StreamImages;
import io.voicegate.app.SettleRequest;
import io.voicegate.config.Wiring;
import io.voicegate.lambda.SnapStartHandler;
import io.voicegate.lambda.StreamBatches;
import io.voicegate.port.Metrics;

/**
 * The requests table's stream, filtered (in the template) to requests becoming terminal: settles each one's money.
 * The stream record's new image (the template's stream carries new and old images) is the request as it became
 * terminal, so the settlement reads nothing first; a record without a full image is read by its key.
 */
public class SettleHandler extends SnapStartHandler
        implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final SettleRequest settle;
    private final Metrics metrics;

    /** The constructor Lambda calls: the production wiring, and SnapStart's hooks registered. */
    public SettleHandler() {
        this(Wiring.fromEnv());
        registerForSnapStart();
    }

    public SettleHandler(Wiring wiring) {
        super(wiring);
        this.settle = wiring.settleRequest();
        this.metrics = wiring.metrics();
    }

    /**
     * @param settle the settlement use case
     * @param metrics this function's business metrics, flushed once per invocation (without SnapStart hooks:
     *                tests and other hosts)
     */
    SettleHandler(SettleRequest settle, Metrics metrics) {
        this.settle = settle;
        this.metrics = metrics;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return metrics.flushAfter(() -> StreamBatches.eachNewImage(event, "request_id", (requestId, image) ->
                StreamImages.request(image).map(settle::settle).orElseGet(() -> settle.settle(requestId))));
    }
}
