package io.voicegate.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.voicegate.http.ApiRequest;
import io.voicegate.http.ApiResponse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Translates API Gateway HTTP API (payload v2) events to {@link ApiRequest} and {@link ApiResponse} back. */
public final class HttpApiEvents {

    private HttpApiEvents() {
    }

    public static ApiRequest toRequest(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body != null && event.getIsBase64Encoded()) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        String routeKey = event.getRouteKey() == null ? "$default" : event.getRouteKey();
        return new ApiRequest(routeKey, event.getRawPath(), event.getPathParameters(),
                event.getQueryStringParameters(), event.getHeaders(), body);
    }

    /**
     * The IAM principal (its ARN) API Gateway authorized for a route with {@code AWS_IAM} authorization; empty when
     * the event carries no IAM identity (an unauthenticated route).
     */
    public static Optional<String> iamCaller(APIGatewayV2HTTPEvent event) {
        return Optional.ofNullable(event.getRequestContext())
                .map(APIGatewayV2HTTPEvent.RequestContext::getAuthorizer)
                .map(APIGatewayV2HTTPEvent.RequestContext.Authorizer::getIam)
                .map(iam -> iam.getUserArn() != null ? iam.getUserArn() : iam.getCallerId())
                .filter(caller -> !caller.isBlank());
    }

    public static APIGatewayV2HTTPResponse toResponse(ApiResponse response) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(response.headers())
                .withBody(response.body())
                .withIsBase64Encoded(false)
                .build();
    }
}
