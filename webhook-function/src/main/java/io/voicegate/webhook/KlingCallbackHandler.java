package io.voicegate.webhook;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.voicegate.config.Wiring;
import io.voicegate.http.KlingCallbackApi;
import io.voicegate.lambda.HttpApiEvents;
import io.voicegate.lambda.SnapStartHandler;
import io.voicegate.port.Metrics;

/** {@code POST /callbacks/kling/{request_id}/{token}}: Kling's status callbacks. */
public class KlingCallbackHandler extends SnapStartHandler
        implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final KlingCallbackApi callbacks;
    private final Metrics metrics;

    /** The constructor Lambda calls: the production wiring, and SnapStart's hooks registered. */
    public KlingCallbackHandler() {
        this(Wiring.fromEnv());
        registerForSnapStart();
    }

    public KlingCallbackHandler(Wiring wiring) {
        super(wiring);
        this.callbacks = wiring.klingCallbackApi();
        this.metrics = wiring.metrics();
    }

    /**
     * @param callbacks the callback route
     * @param metrics this function's business metrics, flushed once per invocation (without SnapStart hooks:
     *                tests and other hosts)
     */
    KlingCallbackHandler(KlingCallbackApi callbacks, Metrics metrics) {
        this.callbacks = callbacks;
        this.metrics = metrics;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return metrics.flushAfter(() -> HttpApiEvents.handle(event, callbacks::handle));
    }

    @Override
    protected void primeHandler() {
        handleRequest(HttpApiEvents.primingCall(), null);
    }
}
