package io.voicegate.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.voicegate.http.ApiRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

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
}
