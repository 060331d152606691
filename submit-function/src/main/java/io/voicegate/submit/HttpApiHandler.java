package io.voicegate.submit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.voicegate.config.Wiring;
import io.voicegate.http.PublicApi;
import io.voicegate.lambda.HttpApiEvents;

/** The public HTTP API (API Gateway HTTP API, payload v2): every route of the template's {@code ApiFunction}. */
public class HttpApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final PublicApi api;

    public HttpApiHandler() {
        this(Wiring.fromEnv());
    }

    public HttpApiHandler(Wiring wiring) {
        this(wiring.publicApi());
    }

    /** @param api the public API, built on whatever stores it is given (tests give fakes) */
    HttpApiHandler(PublicApi api) {
        this.api = api;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpApiEvents.handle(event, api::handle);
    }
}
