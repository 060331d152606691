package io.voicegate.webhook;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.voicegate.config.Wiring;
import io.voicegate.lambda.RequestMessageBatch;

/** Delivers final records (signed client webhooks, account queues); failed deliveries are retried per message. */
public class DeliveryHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final RequestMessageBatch batch;

    public DeliveryHandler() {
        this(Wiring.fromEnv());
    }

    public DeliveryHandler(Wiring wiring) {
        this(wiring.deliveryBatch());
    }

    /** @param batch the delivery queue's batch */
    DeliveryHandler(RequestMessageBatch batch) {
        this.batch = batch;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return batch.handle(event);
    }
}
