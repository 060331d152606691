package io.voicegate.submit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.voicegate.config.Wiring;
import io.voicegate.http.AdminApi;
import io.voicegate.lambda.HttpApiEvents;
import io.voicegate.lambda.SnapStartHandler;
import io.voicegate.port.Metrics;

/**
 * The operators' API (API Gateway HTTP API, payload v2, routes with {@code AWS_IAM} authorization): every route of
 * the template's {@code AdminFunction}. The caller is the IAM principal API Gateway authorized.
 */
public class AdminApiHandler extends SnapStartHandler
        implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final AdminApi api;
    private final Metrics metrics;

    /** The constructor Lambda calls: the production wiring, and SnapStart's hooks registered. */
    public AdminApiHandler() {
        this(Wiring.fromEnv());
        registerForSnapStart();
    }

    public AdminApiHandler(Wiring wiring) {
        super(wiring);
        this.api = wiring.adminApi();
        this.metrics = wiring.metrics();
    }

    /**
     * @param api the operators' API, built on whatever stores it is given (tests give fakes)
     * @param metrics this function's business metrics, flushed once per invocation (without SnapStart hooks:
     *                tests and other hosts)
     */
    AdminApiHandler(AdminApi api, Metrics metrics) {
        this.api = api;
        this.metrics = metrics;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return metrics.flushAfter(() -> HttpApiEvents.handle(event,
                request -> api.handle(request, HttpApiEvents.iamCaller(event))));
    }

    @Override
    protected void primeHandler() {
        handleRequest(HttpApiEvents.primingCall(), null);
    }
}
