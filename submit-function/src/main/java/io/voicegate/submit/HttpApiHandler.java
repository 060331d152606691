package io.voicegate.submit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.voicegate.config.Wiring;
import io.voicegate.http.PublicApi;
import io.voicegate.lambda.HttpApiEvents;
import io.voicegate.port.Metrics;

/** The public HTTP API (API Gateway HTTP API, payload v2): every route of the template's {@code ApiFunction}. */
public class HttpApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final PublicApi api;
    private final Metrics metrics;

    public HttpApiHandler() {
        this(Wiring.fromEnv());
    }

    public HttpApiHandler(Wiring wiring) {
        this.api = wiring.publicApi();
        this.metrics = wiring.metrics();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return metrics.flushAfter(() -> HttpApiEvents.handle(event, api::handle));
    }
}
