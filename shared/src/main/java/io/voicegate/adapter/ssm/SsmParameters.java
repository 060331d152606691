package io.voicegate.adapter.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.config.Secrets;
import io.voicegate.json.Json;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads SecureString parameters from SSM Parameter Store with one {@code GetParameters} call ({@code WithDecryption}),
 * spoken directly: the AWS JSON 1.1 protocol ({@code POST /}, {@code X-Amz-Target: AmazonSSM.GetParameters},
 * {@code Content-Type: application/x-amz-json-1.1}) signed with the SDK's own SigV4 signer and sent on the SDK's
 * HTTP client. The SDK's {@code ssm} module would add 5.9 MB to every function's jar for this one call.
 *
 * <p>Sources: AWS Systems Manager API Reference, "GetParameters" (request {@code Names} (1–10),
 * {@code WithDecryption}; response {@code Parameters[].Name/Value}, {@code InvalidParameters}; errors as
 * {@code {"__type", "message"}}) and "Common parameters" (SigV4, service name {@code ssm}).
 */
public final class SsmParameters implements Secrets.Source {

    static final String TARGET = "AmazonSSM.GetParameters";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    static final int MAX_NAMES = 10;

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final URI endpoint;

    /**
     * @param endpoint the service endpoint; empty for the region's public one ({@code https://ssm.REGION.amazonaws.com})
     */
    public SsmParameters(SdkHttpClient http, AwsCredentialsProvider credentials, String region,
                         Optional<URI> endpoint) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.endpoint = endpoint.orElseGet(() -> URI.create("https://ssm." + region + "."
                + (region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com")));
    }

    /**
     * @throws IllegalArgumentException when more than ten names are asked for at once
     * @throws IllegalStateException    when SSM refuses the call (its error code and message, never a value) or
     *                                  cannot be reached
     */
    @Override
    public Map<String, String> values(Collection<String> parameterNames) {
        if (parameterNames.isEmpty() || parameterNames.size() > MAX_NAMES) {
            throw new IllegalArgumentException("GetParameters takes 1 to 10 names, not " + parameterNames.size());
        }
        byte[] body = Json.write(Map.of("Names", List.copyOf(parameterNames), "WithDecryption", true))
                .getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .encodedPath("/")
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("X-Amz-Target", TARGET)
                .putHeader("Content-Length", Integer.toString(body.length))
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ssm")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request()).contentStreamProvider(signed.payload().orElse(null)).build()).call();
            JsonNode answer = Json.mapper().readTree(read(response));
            int status = response.httpResponse().statusCode();
            if (status != 200) {
                String type = answer.path("__type").asText("unknown");
                throw new IllegalStateException("SSM GetParameters answered " + status + " "
                        + type.substring(type.lastIndexOf('#') + 1) + ": " + answer.path("message").asText(""));
            }
            Map<String, String> values = new LinkedHashMap<>();
            answer.path("Parameters").forEach(p -> values.put(p.path("Name").asText(), p.path("Value").asText()));
            return values;
        } catch (IOException e) {
            throw new IllegalStateException("SSM Parameter Store cannot be reached at " + endpoint, e);
        }
    }

    private static byte[] read(HttpExecuteResponse response) throws IOException {
        if (response.responseBody().isEmpty()) {
            return "{}".getBytes(StandardCharsets.UTF_8);
        }
        try (InputStream in = response.responseBody().get()) {
            return in.readAllBytes();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
