package io.voicegate.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.voicegate.app.RequestLogContext;
import io.voicegate.http.ApiRequest;
import io.voicegate.http.ApiResponse;
import io.voicegate.http.Problems;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Translates API Gateway HTTP API (payload v2) events to {@link ApiRequest} and {@link ApiResponse} back. */
public final class HttpApiEvents {

    private HttpApiEvents() {
    }

    /**
     * Answers one HTTP API event with {@code api}: a {@code HEAD} call (which reaches the function through the
     * template's {@code ANY} route of its path) is answered as the {@code GET} of that path, with the same status and
     * headers and no body; a problem answer carries the API Gateway request id as {@code instance}. The lines logged
     * meanwhile carry the path's {@code request_id} (and the account, once the API knows it).
     */
    public static APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Function<ApiRequest, ApiResponse> api) {
        String requestId = event.getPathParameters() == null ? null : event.getPathParameters().get("request_id");
        RequestLogContext.begin(requestId);
        try {
            return answer(event, api);
        } finally {
            RequestLogContext.end();
        }
    }

    private static APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent event, Function<ApiRequest, ApiResponse> api) {
        boolean head = "HEAD".equalsIgnoreCase(method(event));
        ApiRequest request = toRequest(event);
        if (head && request.routeKey().startsWith("ANY ")) {
            request = new ApiRequest("GET " + request.routeKey().substring(4), request.path(),
                    request.pathParameters(), request.queryParameters(), request.headers(), request.body(),
                    request.bodyIsText());
        }
        ApiResponse response = Problems.withInstance(api.apply(request), requestId(event));
        APIGatewayV2HTTPResponse answer = toResponse(response);
        if (head) {
            answer.setBody(null);
        }
        return answer;
    }

    private static String method(APIGatewayV2HTTPEvent event) {
        return Optional.ofNullable(event.getRequestContext())
                .map(APIGatewayV2HTTPEvent.RequestContext::getHttp)
                .map(APIGatewayV2HTTPEvent.RequestContext.Http::getMethod).orElse("");
    }

    private static String requestId(APIGatewayV2HTTPEvent event) {
        return Optional.ofNullable(event.getRequestContext())
                .map(APIGatewayV2HTTPEvent.RequestContext::getRequestId).orElse(null);
    }

    public static ApiRequest toRequest(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        boolean text = true;
        if (body != null && event.getIsBase64Encoded()) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                bytes = new byte[0];
                text = false;
            }
            Optional<String> decoded = strictUtf8(bytes);
            text &= decoded.isPresent();
            body = decoded.orElse("");
        }
        String routeKey = event.getRouteKey() == null ? "$default" : event.getRouteKey();
        return new ApiRequest(routeKey, event.getRawPath(), event.getPathParameters(),
                event.getQueryStringParameters(), event.getHeaders(), body, text);
    }

    /** The bytes as UTF-8 text, or empty when they are not valid UTF-8 (never replaced by U+FFFD). */
    static Optional<String> strictUtf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
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

    /**
     * The call a handler makes on itself before a SnapStart snapshot: {@code GET /models} with a key no account
     * has. It runs the HTTP path a first call runs (the event's translation, the key lookup in DynamoDB, a problem
     * answer in JSON) and changes nothing: the answer is {@code 401}.
     */
    public static APIGatewayV2HTTPEvent primingCall() {
        return APIGatewayV2HTTPEvent.builder()
                .withRouteKey("GET /models").withRawPath("/models")
                .withHeaders(Map.of("authorization", "Bearer vg_snapstart_priming_not_a_key"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("snapstart-priming")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET")
                                .withPath("/models").build())
                        .build())
                .build();
    }
}
