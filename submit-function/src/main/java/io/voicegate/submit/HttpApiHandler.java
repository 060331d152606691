package io.voicegate.submit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.voicegate.config.Wiring;
import io.voicegate.http.PublicApi;
import io.voicegate.lambda.HttpApiEvents;
import io.voicegate.lambda.SnapStartHandler;
import io.voicegate.port.Metrics;

/** The public HTTP API (API Gateway HTTP API, payload v2): every route of the template's {@code ApiFunction}. */
public class HttpApiHandler extends SnapStartHandler
        implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final PublicApi api;
    private final Metrics metrics;

    /** The constructor Lambda calls: the production wiring, and SnapStart's hooks registered. */
    public HttpApiHandler() {
        this(Wiring.fromEnv());
        registerForSnapStart();
    }

    public HttpApiHandler(Wiring wiring) {
        super(wiring);
        this.api = wiring.publicApi();
        this.metrics = wiring.metrics();
    }

    /**
     * @param api the public API, built on whatever stores it is given (tests give fakes)
     * @param metrics this function's business metrics, flushed once per invocation (without SnapStart hooks:
     *                tests and other hosts)
     */
    HttpApiHandler(PublicApi api, Metrics metrics) {
        this.api = api;
        this.metrics = metrics;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return metrics.flushAfter(() -> HttpApiEvents.handle(event, api::handle));
    }

    @Override
    protected void primeHandler() {
        handleRequest(HttpApiEvents.primingCall(), null);
    }
}
