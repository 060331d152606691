package io.voicegate.submit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.voicegate.config.Wiring;
import io.voicegate.lambda.RequestMessageBatch;
import io.voicegate.lambda.SnapStartHandler;
import io.voicegate.port.Metrics;

/** The dispatch worker: creates the Kling task of each dispatched request; retries are reported per message. */
public class DispatchHandler extends SnapStartHandler
        implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final RequestMessageBatch batch;
    private final Metrics metrics;

    /** The constructor Lambda calls: the production wiring, and SnapStart's hooks registered. */
    public DispatchHandler() {
        this(Wiring.fromEnv());
        registerForSnapStart();
    }

    public DispatchHandler(Wiring wiring) {
        super(wiring);
        this.batch = wiring.dispatchBatch();
        this.metrics = wiring.metrics();
    }

    /**
     * @param batch the dispatch queue's batch: dispatches and scheduled task checks
     * @param metrics this function's business metrics, flushed once per invocation (without SnapStart hooks:
     *                tests and other hosts)
     */
    DispatchHandler(RequestMessageBatch batch, Metrics metrics) {
        this.batch = batch;
        this.metrics = metrics;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return metrics.flushAfter(() -> batch.handle(event));
    }
}
