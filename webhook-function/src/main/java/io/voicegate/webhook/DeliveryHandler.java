package io.voicegate.webhook;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.voicegate.config.Wiring;
import io.voicegate.lambda.RequestMessageBatch;
import io.voicegate.lambda.SnapStartHandler;
import io.voicegate.port.Metrics;

/** Delivers final records (signed client webhooks, account queues); failed deliveries are retried per message. */
public class DeliveryHandler extends SnapStartHandler
        implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final RequestMessageBatch batch;
    private final Metrics metrics;

    /** The constructor Lambda calls: the production wiring, and SnapStart's hooks registered. */
    public DeliveryHandler() {
        this(Wiring.fromEnv());
        registerForSnapStart();
    }

    public DeliveryHandler(Wiring wiring) {
        super(wiring);
        this.batch = wiring.deliveryBatch();
        this.metrics = wiring.metrics();
    }

    /**
     * @param batch the delivery queue's batch
     * @param metrics this function's business metrics, flushed once per invocation (without SnapStart hooks:
     *                tests and other hosts)
     */
    DeliveryHandler(RequestMessageBatch batch, Metrics metrics) {
        this.batch = batch;
        this.metrics = metrics;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return metrics.flushAfter(() -> batch.handle(event));
    }
}
