package io.voicegate.adapter.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.voicegate.json.Json;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * SSM Parameter Store's {@code GetParameters} on 127.0.0.1, held to the AWS Systems Manager API Reference: AWS JSON
 * 1.1 ({@code POST /}, {@code X-Amz-Target: AmazonSSM.GetParameters}, {@code Content-Type:
 * application/x-amz-json-1.1}); {@code Names} 1–10 and {@code WithDecryption}; found parameters in
 * {@code Parameters} ({@code Name, Type, Value, Version, ARN, LastModifiedDate, DataType}), names that do not exist in
 * {@code InvalidParameters}; errors as HTTP 400 {@code {"__type", "message"}}. Every request's SigV4 signature is
 * checked: the request is signed again, at the time its {@code X-Amz-Date} names, with the one known key pair, and
 * must carry the same {@code Authorization}.
 */
final class LoopbackSsm implements AutoCloseable {

    static final String REGION = "eu-west-1";
    static final String ACCESS_KEY = "AKIDLOOPBACKSSM00001";
    static final String SECRET_KEY = "loopback-ssm-secret-key-of-the-test-caller";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final HttpServer server;
    private final Map<String, String> parameters = new ConcurrentHashMap<>();
    private final List<JsonNode> calls = new CopyOnWriteArrayList<>();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();

    private LoopbackSsm() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", this::serve);
        server.start();
    }

    static LoopbackSsm start() throws IOException {
        return new LoopbackSsm();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Creates or overwrites a SecureString parameter. */
    void put(String name, String value) {
        parameters.put(name, value);
    }

    /** Calls for this name are refused as IAM would refuse them (AccessDeniedException). */
    void deny(String name) {
        denied.add(name);
    }

    /** The bodies of the GetParameters calls received, oldest first. */
    List<JsonNode> calls() {
        return List.copyOf(calls);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals("/")) {
                error(exchange, 404, "UnknownOperationException", "");
                return;
            }
            if (!"AmazonSSM.GetParameters".equals(exchange.getRequestHeaders().getFirst("X-Amz-Target"))
                    || !"application/x-amz-json-1.1".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                error(exchange, 400, "UnknownOperationException", "Unknown operation");
                return;
            }
            if (!signatureMatches(exchange, body)) {
                error(exchange, 400, "InvalidSignatureException", "The request signature we calculated does not "
                        + "match the signature you provided.");
                return;
            }
            JsonNode request = Json.mapper().readTree(body);
            calls.add(request);
            JsonNode names = request.path("Names");
            if (!names.isArray() || names.isEmpty() || names.size() > 10) {
                error(exchange, 400, "ValidationException", "1 validation error detected: Value at 'names' failed "
                        + "to satisfy constraint: Member must have length less than or equal to 10");
                return;
            }
            List<Object> found = new ArrayList<>();
            List<String> invalid = new ArrayList<>();
            for (JsonNode name : names) {
                if (denied.contains(name.asText())) {
                    error(exchange, 400, "AccessDeniedException", "User is not authorized to perform: "
                            + "ssm:GetParameters on resource: " + name.asText());
                    return;
                }
                String value = parameters.get(name.asText());
                if (value == null) {
                    invalid.add(name.asText());
                    continue;
                }
                boolean decrypt = request.path("WithDecryption").asBoolean(false);
                Map<String, Object> parameter = new LinkedHashMap<>();
                parameter.put("ARN", "arn:aws:ssm:" + REGION + ":123456789012:parameter" + name.asText());
                parameter.put("DataType", "text");
                parameter.put("LastModifiedDate", 1.7e9);
                parameter.put("Name", name.asText());
                parameter.put("Type", "SecureString");
                parameter.put("Value", decrypt ? value : "AQICAHi-ciphertext-" + value.length());
                parameter.put("Version", 1);
                found.add(parameter);
            }
            send(exchange, 200, Map.of("InvalidParameters", invalid, "Parameters", found));
        }
    }

    private static boolean signatureMatches(HttpExchange exchange, byte[] body) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String date = exchange.getRequestHeaders().getFirst("X-Amz-Date");
        if (authorization == null || date == null) {
            return false;
        }
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create("http://" + exchange.getRequestHeaders().getFirst("Host") + "/"));
        for (String header : List.of("Content-Type", "X-Amz-Target", "Content-Length")) {
            request.putHeader(header, exchange.getRequestHeaders().getFirst(header));
        }
        Instant at = Instant.from(AMZ_DATE.parse(date));
        String expected = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY))
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ssm")
                .putProperty(AwsV4HttpSigner.REGION_NAME, REGION))
                .request().firstMatchingHeader("Authorization").orElse("");
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                authorization.getBytes(StandardCharsets.UTF_8));
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        send(exchange, status, Map.of("__type", type, "message", message));
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
