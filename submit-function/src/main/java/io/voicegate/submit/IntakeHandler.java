package io.voicegate.submit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.voicegate.app.AcceptIntakeMessage;
import io.voicegate.config.Wiring;
import io.voicegate.lambda.SqsBatches;

/** SQS intake for AWS producers: each message is a submission; only retryable failures are reported back. */
public class IntakeHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final AcceptIntakeMessage accept;

    public IntakeHandler() {
        this(Wiring.fromEnv());
    }

    public IntakeHandler(Wiring wiring) {
        this(wiring.acceptIntakeMessage());
    }

    /** @param accept the intake use case */
    IntakeHandler(AcceptIntakeMessage accept) {
        this.accept = accept;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return SqsBatches.each(event, message -> accept.accept(SqsBatches.intakeMessage(message)));
    }
}
