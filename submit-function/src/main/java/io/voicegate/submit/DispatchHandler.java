package io.voicegate.submit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.voicegate.config.Wiring;
import io.voicegate.lambda.RequestMessageBatch;

/** The dispatch worker: creates the Kling task of each dispatched request; retries are reported per message. */
public class DispatchHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final RequestMessageBatch batch;

    public DispatchHandler() {
        this(Wiring.fromEnv());
    }

    public DispatchHandler(Wiring wiring) {
        this(wiring.dispatchBatch());
    }

    /** @param batch the dispatch queue's batch: dispatches and scheduled task checks */
    DispatchHandler(RequestMessageBatch batch) {
        this.batch = batch;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return batch.handle(event);
    }
}
