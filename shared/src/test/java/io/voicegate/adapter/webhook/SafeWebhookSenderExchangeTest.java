package io.voicegate.adapter.webhook;

import com.sun.net.httpserver.HttpServer;
import io.voicegate.adapter.webhook.SafeWebhookSender.Timeouts;
import io.voicegate.port.WebhookSender.UnreachableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What goes over the wire and what comes back, against real receivers on 127.0.0.1 (the insecure switch on). */
@Timeout(20)
class SafeWebhookSenderExchangeTest {

    private static final Timeouts QUICK = new Timeouts(Duration.ofSeconds(2), Duration.ofMillis(400),
            Duration.ofSeconds(3));

    private final LoopbackOnlySockets sockets = new LoopbackOnlySockets();
    private final FakeDns dns = new FakeDns().with("hooks.example.com", "127.0.0.1")
            .with("fallback.example.com", "127.0.0.2", "127.0.0.1");
    private final SafeWebhookSender sender = sender(QUICK);
    private final AtomicInteger elsewhereHits = new AtomicInteger();
    private HttpServer http;
    private String base;

    private SafeWebhookSender sender(Timeouts timeouts) {
        return new SafeWebhookSender(true, timeouts, dns, (SSLSocketFactory) SSLSocketFactory.getDefault(), sockets);
    }

    @BeforeEach
    void startReceiver() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/status/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int status = Integer.parseInt(exchange.getRequestURI().getPath().substring("/status/".length()));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        http.createContext("/redirect", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Location", base + "/elsewhere");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        http.createContext("/elsewhere", exchange -> {
            elsewhereHits.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        http.createContext("/endless", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0);                  // chunked, never ends by itself
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                while (true) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                // the sender hung up after its few KiB
            }
        });
        http.start();
        base = "http://127.0.0.1:" + http.getAddress().getPort();
    }

    @AfterEach
    void stopReceiver() {
        http.stop(0);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 202, 204, 400, 410, 500, 503})
    void returnsTheReceiversStatus(int status) {
        assertThat(sender.post(URI.create(base + "/status/" + status), Map.of(), "{}")).isEqualTo(status);
    }

    @Test
    void aRedirectIsReturnedAndNeverFollowed() {
        int status = sender.post(URI.create(base + "/redirect"), Map.of(), "{}");

        assertThat(status).isEqualTo(302);
        assertThat(elsewhereHits).hasValue(0);
        assertThat(sockets.attempts).hasSize(1);
    }

    @Test
    @Timeout(10)
    void readsOnlyAFewKibOfAnEndlessBody() {
        long start = System.nanoTime();

        int status = sender.post(URI.create(base + "/endless"), Map.of(), "{}");

        assertThat(status).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aReceiverThatNeverAnswersTimesOut() throws Exception {
        try (RawReceiver receiver = RawReceiver.start(RawReceiver.silent())) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> sender.post(URI.create("http://127.0.0.1:" + receiver.port() + "/"), Map.of(),
                    "{}")).isInstanceOf(UnreachableException.class).hasCauseInstanceOf(SocketTimeoutException.class);

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isGreaterThanOrEqualTo(QUICK.read()).isLessThan(QUICK.total());
        }
    }

    @Test
    void aReceiverThatTricklesItsAnswerIsCutOffAtTheOverallDeadline() throws Exception {
        ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
        RawReceiver.Script trickle = (connection, receiver) -> {
            receiver.record(RawReceiver.readRequest(connection.getInputStream()));
            OutputStream out = connection.getOutputStream();
            out.write("HTTP/1.1 200 ".getBytes(StandardCharsets.US_ASCII));
            drip.scheduleAtFixedRate(() -> {
                try {
                    out.write('x');
                    out.flush();
                } catch (IOException e) {
                    throw new IllegalStateException("sender hung up", e);
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
        };
        Timeouts patientReads = new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(600));
        try (RawReceiver receiver = RawReceiver.start(trickle)) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> sender(patientReads).post(URI.create("http://127.0.0.1:" + receiver.port()),
                    Map.of(), "{}")).isInstanceOf(UnreachableException.class)
                    .hasMessageContaining("no complete answer within");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        } finally {
            drip.shutdownNow();
        }
    }

    @Test
    void aRefusedConnectionIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }

        assertThatThrownBy(() -> sender.post(URI.create("http://127.0.0.1:" + closedPort + "/"), Map.of(), "{}"))
                .isInstanceOf(UnreachableException.class)
                .hasCauseInstanceOf(ConnectException.class);
    }

    @Test
    void writesTheRequestByHandToTheCheckedAddressWithTheUrlsHostHeader() throws Exception {
        try (RawReceiver receiver = RawReceiver.start(RawReceiver.answering("HTTP/1.1 204 No Content\r\n\r\n"))) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("webhook-id", "msg_2a");
            headers.put("webhook-timestamp", "1763900000");
            headers.put("webhook-signature", "v1,c2lnbmF0dXJl");
            String body = "{\"voice_name\":\"Zoë\"}";

            int status = sender.post(URI.create("http://hooks.example.com:" + receiver.port()
                    + "/hooks/voice?tenant=a%20b&x=1#fragment"), headers, body);

            assertThat(status).isEqualTo(204);
            assertThat(receiver.nextRequest()).isEqualTo("POST /hooks/voice?tenant=a%20b&x=1 HTTP/1.1\r\n"
                    + "Host: hooks.example.com:" + receiver.port() + "\r\n"
                    + "User-Agent: voicegate-webhooks/1\r\n"
                    + "Content-Type: application/json\r\n"
                    + "webhook-id: msg_2a\r\n"
                    + "webhook-timestamp: 1763900000\r\n"
                    + "webhook-signature: v1,c2lnbmF0dXJl\r\n"
                    + "Content-Length: 21\r\n"
                    + "Connection: close\r\n"
                    + "\r\n"
                    + body);
            assertThat(dns.lookups).containsExactly("hooks.example.com");
            assertThat(sockets.attempts).containsExactly(
                    new InetSocketAddress(FakeDns.address("127.0.0.1"), receiver.port()));
        }
    }

    @Test
    void triesTheNextCheckedAddressWhenOneRefusesTheConnection() throws Exception {
        try (RawReceiver receiver = RawReceiver.start(RawReceiver.answering("HTTP/1.1 200 OK\r\n\r\n"))) {
            int status = sender.post(URI.create("http://fallback.example.com:" + receiver.port() + "/"), Map.of(),
                    "{}");

            assertThat(status).isEqualTo(200);
            assertThat(sockets.attempts).extracting(InetSocketAddress::getAddress)
                    .containsExactly(FakeDns.address("127.0.0.2"), FakeDns.address("127.0.0.1"));
        }
    }

    @Test
    void skipsInterimAnswersAndToleratesBareLineFeeds() throws Exception {
        String answer = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 410 Gone\nContent-Length: 4\n\ngone";
        try (RawReceiver receiver = RawReceiver.start(RawReceiver.answering(answer))) {
            assertThat(sender.post(URI.create("http://127.0.0.1:" + receiver.port()), Map.of(), "{}")).isEqualTo(410);
        }
    }

    @Test
    void anAnswerThatIsNotHttpIsUnreachable() throws Exception {
        try (RawReceiver receiver = RawReceiver.start(RawReceiver.answering("SSH-2.0-OpenSSH_9.2\r\n"))) {
            assertThatThrownBy(() -> sender.post(URI.create("http://127.0.0.1:" + receiver.port()), Map.of(), "{}"))
                    .isInstanceOf(UnreachableException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1,abc\r\nX-Injected: 1", "v1,abc\nX-Injected: 1", "v1,abc\rX-Injected: 1",
            "v1,abc\u0000", "v1,ab\u00e9"})
    void refusesHeaderValuesThatCouldSplitTheRequestWithoutEchoingThem(String value) throws Exception {
        try (RawReceiver receiver = RawReceiver.start(RawReceiver.answering("HTTP/1.1 204 No Content\r\n\r\n"))) {
            URI url = URI.create("http://127.0.0.1:" + receiver.port() + "/");

            assertThatThrownBy(() -> sender.post(url, Map.of("webhook-signature", value), "{}"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("webhook-signature")
                    .hasMessageNotContaining("abc");

            assertThat(sockets.attempts).isEmpty();
            assertThat(receiver.receivedNothing()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host", "content-length", "Transfer-Encoding", "Connection", "X Bad", "X-Bad:", "",
            "X-Bad\r\nX-Injected"})
    void refusesHeaderNamesTheSenderOwnsOrThatAreNotTokens(String name) {
        assertThatThrownBy(() -> sender.post(URI.create(base + "/status/200"), Map.of(name, "1"), "{}"))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(sockets.attempts).isEmpty();
    }
}
