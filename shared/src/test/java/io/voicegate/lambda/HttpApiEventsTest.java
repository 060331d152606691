package io.voicegate.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.voicegate.http.ApiRequest;
import io.voicegate.http.ApiResponse;
import io.voicegate.http.Problems;
import io.voicegate.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class HttpApiEventsTest {

    private static ApiRequest request(byte[] body) {
        return HttpApiEvents.toRequest(APIGatewayV2HTTPEvent.builder().withRouteKey("POST /requests")
                .withBody(Base64.getEncoder().encodeToString(body)).withIsBase64Encoded(true).build());
    }

    @Test
    void bytesThatAreNotUtf8AreMarkedNotText() {
        byte[] latin1 = "{\"voice_name\":\"Zo\u00eb\"}".getBytes(StandardCharsets.ISO_8859_1);
        byte[] encodedSurrogate = {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'};
        byte[] truncated = {'"', (byte) 0xe2, (byte) 0x82, '"'};

        assertThat(request(latin1).bodyIsText()).isFalse();
        assertThat(request(encodedSurrogate).bodyIsText()).isFalse();
        assertThat(request(truncated).bodyIsText()).isFalse();
    }

    @Test
    void utf8BytesAreDecodedExactly() {
        String text = "{\"voice_name\":\"Zoë 𝄞\"}";

        ApiRequest request = request(text.getBytes(StandardCharsets.UTF_8));

        assertThat(request.bodyIsText()).isTrue();
        assertThat(request.body()).isEqualTo(text);
    }

    private static APIGatewayV2HTTPEvent call(String method, String routeKey, String requestId) {
        return APIGatewayV2HTTPEvent.builder().withRouteKey(routeKey).withRawPath("/requests")
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId(requestId)
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).build())
                        .build()).build();
    }

    @Test
    void headIsAnsweredAsTheGetOfItsPathWithTheSameHeadersAndNoBody() {
        List<String> routed = new CopyOnWriteArrayList<>();
        ApiResponse get = ApiResponse.json(200, Map.of("requests", List.of())).withHeader("x-total", "0");

        APIGatewayV2HTTPResponse head = HttpApiEvents.handle(call("HEAD", "ANY /requests", "req-1"), request -> {
            routed.add(request.routeKey());
            return get;
        });

        assertThat(routed).containsExactly("GET /requests");
        assertThat(head.getStatusCode()).isEqualTo(200);
        assertThat(head.getHeaders()).isEqualTo(get.headers());
        assertThat(head.getBody()).isNull();
    }

    @Test
    void otherMethodsOnAnyRoutesKeepTheirRouteKey() {
        List<String> routed = new CopyOnWriteArrayList<>();

        HttpApiEvents.handle(call("PUT", "ANY /requests", "req-2"), request -> {
            routed.add(request.routeKey());
            return Problems.notFound("x");
        });

        assertThat(routed).containsExactly("ANY /requests");
    }

    @Test
    void problemsCarryTheApiGatewayRequestIdAsInstance() throws Exception {
        APIGatewayV2HTTPResponse problem = HttpApiEvents.handle(call("GET", "GET /requests/{request_id}",
                "JKJaXmPLvHcESHA="), request -> Problems.notFound("The request"));
        APIGatewayV2HTTPResponse record = HttpApiEvents.handle(call("GET", "GET /requests/{request_id}",
                "JKJaXmPLvHcESHA="), request -> ApiResponse.json(200, Map.of("status", "success")));

        assertThat(Json.mapper().readTree(problem.getBody()).get("instance").asText()).isEqualTo("JKJaXmPLvHcESHA=");
        assertThat(Json.mapper().readTree(problem.getBody()).get("type").asText())
                .isEqualTo("https://voicegate.dev/README.md#problem-not-found");
        assertThat(record.getBody()).isEqualTo("{\"status\":\"success\"}");
    }
}
