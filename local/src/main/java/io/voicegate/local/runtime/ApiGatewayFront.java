package io.voicegate.local.runtime;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.voicegate.local.engine.LocalSqs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves the template's HttpApi routes on 127.0.0.1 the way API Gateway does: each request becomes a payload v2
 * {@link APIGatewayV2HTTPEvent} for the matched route's function, and the function's response is written back.
 */
public final class ApiGatewayFront implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiGatewayFront.class);
    /** API Gateway's own payload limit. */
    private static final int MAX_PAYLOAD = 10 * 1024 * 1024;
    /** The principal the local stack reports for a caller holding the admin token. */
    static final String LOCAL_ADMIN = "arn:aws:iam::" + LocalSqs.ACCOUNT + ":user/local-admin";
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z",
            Locale.ENGLISH);

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpRoutes routes;
    private final AdminToken adminToken;

    /**
     * Starts serving at once.
     *
     * @param port       on 127.0.0.1; 0 picks a free one
     * @param adminToken what opens the routes that need a SigV4 signature in AWS ({@code AWS_IAM})
     * @throws IOException when the port cannot be bound
     */
    public ApiGatewayFront(HttpRoutes routes, int port, AdminToken adminToken) throws IOException {
        this.routes = routes;
        this.adminToken = adminToken;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        this.executor = Executors.newFixedThreadPool(16);
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                send(exchange, 413, Map.of("content-type", "application/json"),
                        "{\"message\":\"Request Entity Too Large\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String requestId = UUID.randomUUID().toString();
            exchange.getResponseHeaders().set("apigw-requestid", requestId);
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getRawPath();
            Optional<HttpRoutes.Match> match = routes.match(method, path);
            if (match.isEmpty()) {
                send(exchange, 404, Map.of("content-type", "application/json"),
                        "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (match.get().route().iam()) {
                Optional<String> refused = refuseWithoutAdminToken(exchange);
                if (refused.isPresent()) {
                    int status = refused.get().startsWith("401") ? 401 : 403;
                    send(exchange, status, status == 401
                            ? Map.of("content-type", "application/problem+json", "www-authenticate",
                            "Bearer realm=\"voicegate-admin\"") : Map.of("content-type", "application/problem+json"),
                            refused.get().substring(4).getBytes(StandardCharsets.UTF_8));
                    return;
                }
            }
            APIGatewayV2HTTPResponse response;
            try {
                APIGatewayV2HTTPEvent event = event(exchange, method, path, body, match.get(), requestId);
                if (match.get().route().iam()) {
                    event.getRequestContext().setAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                            .withIam(APIGatewayV2HTTPEvent.RequestContext.IAM.builder()
                                    .withAccountId(LocalSqs.ACCOUNT).withUserArn(LOCAL_ADMIN)
                                    .withCallerId("local-admin").build()).build());
                }
                response = (APIGatewayV2HTTPResponse) match.get().route().function().invoke(event);
            } catch (RuntimeException e) {
                LOG.error("function {} failed", match.get().route().function().name(), e);
                send(exchange, 500, Map.of("content-type", "application/json"),
                        "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] out = response.getBody() == null ? new byte[0] : response.getIsBase64Encoded()
                    ? Base64.getDecoder().decode(response.getBody())
                    : response.getBody().getBytes(StandardCharsets.UTF_8);
            send(exchange, response.getStatusCode(),
                    response.getHeaders() == null ? Map.of() : response.getHeaders(), out);
        } catch (IOException | RuntimeException e) {
            LOG.warn("local front could not answer: {}", e.toString());
        }
    }

    /**
     * Where API Gateway checks a SigV4 signature, the local stack checks its admin token: absent is 401, any other
     * bearer (a client's API key, a wrong token) is 403. Returns "STATUS BODY" when refused.
     */
    private Optional<String> refuseWithoutAdminToken(HttpExchange exchange) {
        String header = Optional.ofNullable(exchange.getRequestHeaders().getFirst("authorization")).orElse("");
        if (header.isBlank()) {
            return Optional.of("401 " + problem(401, "unauthorized", "Unauthorized",
                    "Admin routes need the local admin token as 'Authorization: Bearer <token>' (SigV4 in AWS)."));
        }
        boolean bearer = header.regionMatches(true, 0, "Bearer ", 0, 7);
        if (bearer && adminToken.matches(header.substring(7).trim())) {
            return Optional.empty();
        }
        return Optional.of("403 " + problem(403, "forbidden", "Forbidden",
                "This credential does not open the admin routes."));
    }

    private static String problem(int status, String slug, String title, String detail) {
        return "{\"type\":\"" + io.voicegate.http.Problems.type(slug) + "\",\"title\":\"" + title
                + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}";
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_PAYLOAD + 1);
        return body.length > MAX_PAYLOAD ? null : body;
    }

    private static boolean validUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private APIGatewayV2HTTPEvent event(HttpExchange exchange, String method, String path, byte[] body,
                                        HttpRoutes.Match match, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String rawQuery = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
        String contentType = headers.getOrDefault("content-type", "");
        boolean text = body.length == 0 || contentType.isEmpty() || contentType.startsWith("text/")
                || contentType.contains("json") || contentType.contains("xml")
                || contentType.startsWith("application/x-www-form-urlencoded");
        // Bytes that are not UTF-8 cannot travel as a JSON string without being rewritten: send them as base64.
        text = text && validUtf8(body);
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        HttpRoutes.Route route = match.route();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(route.routeKey())
                .withRawPath(path)
                .withRawQueryString(rawQuery)
                .withHeaders(headers)
                .withQueryStringParameters(rawQuery.isEmpty() ? null : query(rawQuery))
                .withPathParameters(match.pathParameters().isEmpty() ? null : match.pathParameters())
                .withBody(body.length == 0 ? null : text ? new String(body, StandardCharsets.UTF_8)
                        : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0 && !text)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId(LocalSqs.ACCOUNT)
                        .withApiId("local")
                        .withDomainName(headers.getOrDefault("host", "127.0.0.1:" + port()))
                        .withDomainPrefix("local")
                        .withRequestId(requestId)
                        .withRouteKey(route.routeKey())
                        .withStage("$default")
                        .withTime(REQUEST_TIME.format(now))
                        .withTimeEpoch(now.toInstant().toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method)
                                .withPath(path)
                                .withProtocol("HTTP/1.1")
                                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                                .withUserAgent(headers.getOrDefault("user-agent", ""))
                                .build())
                        .build())
                .build();
    }

    /** Repeated parameters are joined with commas, as API Gateway does in payload v2. */
    private static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.merge(name, value, (a, b) -> a + "," + b);
        }
        return params;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        if (exchange.getRequestMethod().equalsIgnoreCase("HEAD")) {
            // A HEAD answer has the GET's headers and no body (the function already left it out).
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
