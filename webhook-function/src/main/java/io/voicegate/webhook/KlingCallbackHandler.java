package io.voicegate.webhook;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.voicegate.config.Wiring;
import io.voicegate.http.KlingCallbackApi;
import io.voicegate.lambda.HttpApiEvents;

/** {@code POST /callbacks/kling/{request_id}/{token}}: Kling's status callbacks. */
public class KlingCallbackHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final KlingCallbackApi callbacks;

    public KlingCallbackHandler() {
        this(Wiring.fromEnv());
    }

    public KlingCallbackHandler(Wiring wiring) {
        this(wiring.klingCallbackApi());
    }

    /** @param callbacks the callback route */
    KlingCallbackHandler(KlingCallbackApi callbacks) {
        this.callbacks = callbacks;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpApiEvents.handle(event, callbacks::handle);
    }
}
