package io.voicegate.ddbengine.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.voicegate.ddbengine.DynamoError;
import io.voicegate.ddbengine.ops.Operations;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32;

/**
 * The wire: DynamoDB's JSON 1.0 protocol over HTTP/1.1 on 127.0.0.1 (API reference, "DynamoDB low-level API"):
 * {@code POST /} with {@code X-Amz-Target: DynamoDB_20120810.<Operation>} or
 * {@code DynamoDBStreams_20120810.<Operation>} and an {@code application/x-amz-json-1.0} body. Answers carry
 * {@code x-amzn-RequestId} and {@code x-amz-crc32} (the CRC32 of the body, which the SDKs check). Requests are not
 * signature-checked: any credentials are accepted.
 */
public final class EngineServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EngineServer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAMESPACE = "com.amazonaws.dynamodb.v20120810#";
    private static final long MAX_BODY = 16L * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;

    public EngineServer(int port, Operations operations) throws IOException {
        // without TCP_NODELAY, headers and body leave as two segments and the client's delayed ACK adds ~40 ms a call
        System.setProperty("sun.net.httpserver.nodelay", "true");
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ddb-engine-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, operations));
        server.start();
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void handle(HttpExchange exchange, Operations operations) throws IOException {
        try (exchange) {
            String requestId = UUID.randomUUID().toString();
            int status = 200;
            ObjectNode body;
            try {
                String operation = operation(exchange);
                body = operations.run(operation, read(exchange));
            } catch (DynamoError e) {
                status = e.status();
                body = error(e);
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, "engine failure", e);
                status = 500;
                body = error(DynamoError.internal("Internal server error"));
            }
            byte[] bytes = JSON.writeValueAsBytes(body);
            CRC32 crc = new CRC32();
            crc.update(bytes);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            exchange.getResponseHeaders().set("x-amz-crc32", Long.toString(crc.getValue()));
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String operation(HttpExchange exchange) {
        if (!"POST".equals(exchange.getRequestMethod())) {
            throw new DynamoError("UnknownOperationException", 400, "Only POST is served");
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null) {
            int dot = target.indexOf('.');
            String service = dot < 0 ? "" : target.substring(0, dot);
            if (service.equals("DynamoDB_20120810") || service.equals("DynamoDBStreams_20120810")) {
                return target.substring(dot + 1);
            }
        }
        throw new DynamoError("UnknownOperationException", 400, "Missing or unknown X-Amz-Target: " + target);
    }

    private static JsonNode read(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes((int) MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw DynamoError.validation("Request body too large");
            }
            if (bytes.length == 0) {
                return JSON.createObjectNode();
            }
            JsonNode node;
            try {
                node = JSON.readTree(bytes);
            } catch (IOException e) {
                throw new DynamoError("SerializationException", 400, "Start of structure or map found where not "
                        + "expected");
            }
            if (node == null || !node.isObject()) {
                throw new DynamoError("SerializationException", 400, "The request body must be a JSON object");
            }
            return node;
        }
    }

    private static ObjectNode error(DynamoError e) {
        ObjectNode body = JSON.createObjectNode();
        body.put("__type", NAMESPACE + e.type());
        body.put("message", e.getMessage());
        if (e.details() != null) {
            body.setAll(e.details());
        }
        return body;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
