package io.voicegate.submit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.voicegate.app.AcceptIntakeMessage;
import io.voicegate.config.Wiring;
import io.voicegate.lambda.SnapStartHandler;
import io.voicegate.lambda.SqsBatches;
import io.voicegate.port.Metrics;

/** SQS intake for AWS producers: each message is a submission; only retryable failures are reported back. */
public class IntakeHandler extends SnapStartHandler
        implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final AcceptIntakeMessage accept;
    private final Metrics metrics;

    /** The constructor Lambda calls: the production wiring, and SnapStart's hooks registered. */
    public IntakeHandler() {
        this(Wiring.fromEnv());
        registerForSnapStart();
    }

    public IntakeHandler(Wiring wiring) {
        super(wiring);
        this.accept = wiring.acceptIntakeMessage();
        this.metrics = wiring.metrics();
    }

    /**
     * @param accept the intake use case
     * @param metrics this function's business metrics, flushed once per invocation (without SnapStart hooks:
     *                tests and other hosts)
     */
    IntakeHandler(AcceptIntakeMessage accept, Metrics metrics) {
        this.accept = accept;
        this.metrics = metrics;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return metrics.flushAfter(() -> SqsBatches.each(event,
                message -> accept.accept(SqsBatches.intakeMessage(message))));
    }
}
