package io.voicegate.local.listen;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.voicegate.local.listen.WebhookVerifier.Verdict;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code ./voicegate listen}: a webhook receiver on 127.0.0.1 for trying the gateway's final webhooks. Takes a POST
 * to any path, checks its Standard Webhooks signature with {@link WebhookVerifier} when given the secret, prints one
 * block per webhook (a verdict line and the pretty-printed body) and answers 204, 401 or 400.
 */
public final class WebhookListener implements AutoCloseable {

    /** One webhook as received: its id, the verdict (null without a secret), the status answered, path and body. */
    public record Delivery(String id, Verdict verdict, int status, String path, String body) {
    }

    static final int MAX_BODY = 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final Optional<String> secret;
    private final Clock clock;
    private final DeliveryPrinter printer;
    private final List<Delivery> received = new CopyOnWriteArrayList<>();

    private WebhookListener(int port, Optional<String> secret, Clock clock, PrintStream out) throws IOException {
        secret.ifPresent(WebhookVerifier::key);
        this.secret = secret;
        this.clock = clock;
        this.printer = new DeliveryPrinter(out);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
    }

    public static WebhookListener start(int port, Optional<String> secret, Clock clock, PrintStream out)
            throws IOException {
        WebhookListener listener = new WebhookListener(port, secret, clock, out);
        listener.server.start();
        return listener;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public List<Delivery> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().add("Allow", "POST");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = readCapped(exchange.getRequestBody());
            if (body.length > MAX_BODY) {
                exchange.sendResponseHeaders(413, -1);
                return;
            }
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            Instant now = clock.instant();
            Verdict verdict = secret.map(s -> WebhookVerifier.verify(s, id,
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body, now)).orElse(null);
            int status = verdict == null ? 204 : switch (verdict.outcome()) {
                case VERIFIED -> 204;
                case MISSING_HEADERS -> 400;
                case REJECTED -> 401;
            };
            String text = new String(body, StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getRawPath();
            received.add(new Delivery(id, verdict, status, path, text));
            printer.print(id, exchange.getRequestHeaders().getFirst("voicegate-attempt"), verdict, now, path, text);
            byte[] answer = status == 204 ? new byte[0] : (verdict.detail() + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    private static byte[] readCapped(InputStream in) throws IOException {
        return in.readNBytes(MAX_BODY + 1);
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        ListenerOptions options;
        try {
            options = ListenerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("voicegate listen: " + e.getMessage());
            System.err.print(ListenerOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(ListenerOptions.USAGE);
            return;
        }
        WebhookListener listener;
        try {
            listener = start(options.port(), options.secret(), Clock.systemUTC(), System.out);
        } catch (BindException e) {
            System.err.println("voicegate listen: port " + options.port() + " on 127.0.0.1 is in use; stop what "
                    + "listens there or give another one with --port N.");
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            listener.close();
            System.out.println("voicegate webhook listener stopped");
            stopped.countDown();
        }, "voicegate-listen-shutdown"));
        if (options.secret().isEmpty()) {
            System.out.println("WARNING: no --secret given: webhooks are printed UNVERIFIED and always answered 204");
        }
        System.out.println("voicegate webhook listener on " + listener.url());
        System.out.flush();
        stopped.await();
    }
}
