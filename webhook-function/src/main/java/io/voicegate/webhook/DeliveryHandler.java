package io.voicegate.webhook;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.voicegate.config.Wiring;
import io.voicegate.lambda.RequestMessageBatch;
import io.voicegate.port.Metrics;

/** Delivers final records (signed client webhooks, account queues); failed deliveries are retried per message. */
public class DeliveryHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final RequestMessageBatch batch;
    private final Metrics metrics;

    public DeliveryHandler() {
        this(Wiring.fromEnv());
    }

    public DeliveryHandler(Wiring wiring) {
        this.batch = wiring.deliveryBatch();
        this.metrics = wiring.metrics();
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return metrics.flushAfter(() -> batch.handle(event));
    }
}
