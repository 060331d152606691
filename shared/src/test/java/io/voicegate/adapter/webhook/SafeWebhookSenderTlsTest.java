package io.voicegate.adapter.webhook;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.voicegate.adapter.webhook.SafeWebhookSender.Timeouts;
import io.voicegate.port.WebhookSender.UnreachableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * TLS: the certificate is checked for the URL's host even though the socket goes to a pre-checked address, and the
 * host is sent as SNI. The receiver is a JDK HttpsServer on 127.0.0.1 with a certificate made by the JDK's keytool.
 */
@Timeout(30)
class SafeWebhookSenderTlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final Timeouts QUICK = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofSeconds(5));

    private static HttpsServer https;
    private static SSLSocketFactory trustingOurCertificate;

    private final LoopbackOnlySockets sockets = new LoopbackOnlySockets();
    private final FakeDns dns = new FakeDns().with("hooks.example.com", "127.0.0.1")
            .with("other.example.com", "127.0.0.1");

    @BeforeAll
    static void startHttpsReceiver(@TempDir Path dir) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        assumeTrue(Files.isExecutable(keytool), "the JDK has no keytool");
        Path store = dir.resolve("hooks.p12");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "hooks", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=hooks.example.com", "-ext", "SAN=dns:hooks.example.com",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keyManagers.getKeyManagers(), null, null);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("hooks", keys.getCertificate("hooks"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trust.getTrustManagers(), null);
        trustingOurCertificate = client.getSocketFactory();

        https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(server));
        https.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        https.start();
    }

    @AfterAll
    static void stopHttpsReceiver() {
        if (https != null) {
            https.stop(0);
        }
    }

    private SafeWebhookSender sender(SSLSocketFactory tls) {
        return new SafeWebhookSender(true, QUICK, dns, tls, sockets);
    }

    @Test
    void deliversOverTlsToTheCheckedAddressWhenTheCertificateNamesTheHost() {
        URI url = URI.create("https://hooks.example.com:" + https.getAddress().getPort() + "/hook");

        assertThat(sender(trustingOurCertificate).post(url, Map.of("webhook-id", "msg_1"), "{}")).isEqualTo(202);
        assertThat(sockets.attempts).extracting(InetSocketAddress::getAddress)
                .containsExactly(FakeDns.address("127.0.0.1"));
    }

    @Test
    void refusesACertificateIssuedForAnotherHostAtTheSameAddress() {
        URI url = URI.create("https://other.example.com:" + https.getAddress().getPort() + "/hook");

        assertThatThrownBy(() -> sender(trustingOurCertificate).post(url, Map.of(), "{}"))
                .isInstanceOf(UnreachableException.class)
                .cause().isInstanceOf(SSLHandshakeException.class).hasMessageContaining("other.example.com");
    }

    @Test
    void refusesACertificateTheTrustStoreDoesNotKnow() {
        URI url = URI.create("https://hooks.example.com:" + https.getAddress().getPort() + "/hook");

        assertThatThrownBy(() -> sender((SSLSocketFactory) SSLSocketFactory.getDefault()).post(url, Map.of(), "{}"))
                .isInstanceOf(UnreachableException.class)
                .hasCauseInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void theClientHelloNamesTheHostEvenThoughTheSocketWentToAnAddress() throws Exception {
        RawReceiver.Script firstRecord = (connection, receiver) -> {
            try (connection) {
                InputStream in = connection.getInputStream();
                byte[] header = in.readNBytes(5);
                int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
                byte[] record = new byte[5 + length];
                System.arraycopy(header, 0, record, 0, 5);
                System.arraycopy(in.readNBytes(length), 0, record, 5, length);
                receiver.record(record);
            }
        };
        try (RawReceiver receiver = RawReceiver.start(firstRecord)) {
            URI url = URI.create("https://hooks.example.com:" + receiver.port() + "/hook");

            assertThatThrownBy(() -> sender((SSLSocketFactory) SSLSocketFactory.getDefault()).post(url, Map.of(),
                    "{}")).isInstanceOf(UnreachableException.class);

            byte[] hello = receiver.nextBytes();
            assertThat(hello[0]).as("a TLS handshake record").isEqualTo((byte) 0x16);
            assertThat(new String(hello, StandardCharsets.ISO_8859_1)).contains("hooks.example.com");
        }
    }

    @Test
    void parametersVerifyTheHostNameAndSendItAsSni() {
        WebhookTarget target = WebhookTarget.parse(URI.create("https://Hooks.Example.com./x"), false);

        SSLParameters parameters = SafeWebhookSender.tlsParameters(new SSLParameters(), target);

        assertThat(parameters.getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(parameters.getServerNames()).containsExactly(new SNIHostName("hooks.example.com"));
    }

    @Test
    void parametersForAnIpLiteralVerifyTheAddressAndSendNoSni() {
        WebhookTarget target = WebhookTarget.parse(URI.create("https://93.184.216.34/x"), false);

        SSLParameters parameters = SafeWebhookSender.tlsParameters(new SSLParameters(), target);

        assertThat(parameters.getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(parameters.getServerNames()).isNullOrEmpty();
    }
}
