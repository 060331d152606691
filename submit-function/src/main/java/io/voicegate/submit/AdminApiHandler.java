package io.voicegate.submit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.voicegate.config.Wiring;
import io.voicegate.http.AdminApi;
import io.voicegate.lambda.HttpApiEvents;

/**
 * The operators' API (API Gateway HTTP API, payload v2, routes with {@code AWS_IAM} authorization): every route of
 * the template's {@code AdminFunction}. The caller is the IAM principal API Gateway authorized.
 */
public class AdminApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final AdminApi api;

    public AdminApiHandler() {
        this(Wiring.fromEnv());
    }

    public AdminApiHandler(Wiring wiring) {
        this(wiring.adminApi());
    }

    /** @param api the operators' API, built on whatever stores it is given (tests give fakes) */
    AdminApiHandler(AdminApi api) {
        this.api = api;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpApiEvents.handle(event, request -> api.handle(request, HttpApiEvents.iamCaller(event)));
    }
}
