package io.voicegate.adapter.webhook;

import io.voicegate.adapter.webhook.SafeWebhookSender.Timeouts;
import io.voicegate.port.WebhookSender.TargetRefusedException;
import io.voicegate.port.WebhookSender.UnreachableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLSocketFactory;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which targets the sender refuses (SSRF), before any socket is opened. The socket factory lets only loopback
 * connects happen and records every attempt, so a wrong sender still sends nothing off this machine.
 */
class SafeWebhookSenderTargetsTest {

    private static final Map<String, String> HEADERS = Map.of("webhook-id", "msg_1");
    private static final Timeouts FAST = new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofSeconds(2));

    private final LoopbackOnlySockets sockets = new LoopbackOnlySockets();
    private final FakeDns dns = new FakeDns()
            .with("internal.example.com", "10.0.0.5")
            .with("rebind.example.com", "93.184.216.34", "127.0.0.1")
            .with("metadata.example.com", "169.254.169.254")
            .with("ula.example.com", "fd00:ec2::254")
            .with("nat64.example.com", "64:ff9b::a9fe:a9fe")
            .with("sixtofour.example.com", "2002:a00:1::1")
            .with("cgnat.example.com", "93.184.216.35", "100.64.0.9")
            .with("loopback-and-private.example.com", "127.0.0.1", "10.0.0.5")
            .with("public.example.com", "93.184.216.34", "151.101.1.69");

    private SafeWebhookSender sender(boolean allowInsecure) {
        return new SafeWebhookSender(allowInsecure, FAST, dns, (SSLSocketFactory) SSLSocketFactory.getDefault(),
                sockets);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "10.1.2.3", "172.16.0.1", "172.31.255.254", "192.168.1.1",
            "169.254.169.254", "100.64.0.1", "0.0.0.0", "255.255.255.255", "224.0.0.1", "[::1]", "[::]", "[fe80::1]",
            "[fc00::1]", "[fd00:ec2::254]", "[::ffff:127.0.0.1]", "[::ffff:169.254.169.254]", "[::ffff:10.0.0.1]",
            "[ff02::1]", "[64:ff9b::a9fe:a9fe]", "[64:ff9b::127.0.0.1]", "[2002:a9fe:a9fe::1]", "[::a9fe:a9fe]",
            "192.0.2.1", "198.51.100.7", "203.0.113.10", "[2001:db8::1]", "2130706433", "0x7f.1", "localhost", "metadata", "metadata.google.internal", "printer.local"})
    void literalAndLocalTargetsAreRefusedWithoutAnyLookupOrConnect(String host) {
        URI url = URI.create("https://" + host + "/hook");

        assertThatThrownBy(() -> sender(false).post(url, HEADERS, "{}")).isInstanceOf(TargetRefusedException.class);

        assertThat(dns.lookups).isEmpty();
        assertThat(sockets.attempts).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"internal.example.com", "rebind.example.com", "metadata.example.com", "ula.example.com",
            "nat64.example.com", "sixtofour.example.com", "cgnat.example.com", "loopback-and-private.example.com"})
    void namesResolvingToAnyNonPublicAddressAreRefusedBeforeConnecting(String host) {
        assertThatThrownBy(() -> sender(false).post(URI.create("https://" + host + "/hook"), HEADERS, "{}"))
                .isInstanceOf(TargetRefusedException.class)
                .hasMessageContaining("non-public address");

        assertThat(dns.lookups).containsExactly(host);
        assertThat(sockets.attempts).isEmpty();
    }

    @Test
    void anIpv4MappedIpv6AnswerIsJudgedByItsEmbeddedAddress() throws UnknownHostException {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 169, (byte) 254, (byte) 169,
                (byte) 254};
        dns.with("mapped.example.com", Inet6Address.getByAddress(null, mapped, -1));

        assertThatThrownBy(() -> sender(false).post(URI.create("https://mapped.example.com/"), HEADERS, "{}"))
                .isInstanceOf(TargetRefusedException.class);
        assertThat(sockets.attempts).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://hooks.example.com/x", "ftp://hooks.example.com/x", "file:///etc/passwd",
            "mailto:ops@example.com", "/relative/path", "https://user:pass@public.example.com/x",
            "https:///no-host"})
    void onlyAbsoluteHttpsUrlsWithoutUserInfoAreAccepted(String url) {
        assertThatThrownBy(() -> sender(false).post(URI.create(url), HEADERS, "{}"))
                .isInstanceOf(TargetRefusedException.class);

        assertThat(dns.lookups).isEmpty();
        assertThat(sockets.attempts).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.0.5/x", "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/x",
            "http://[::ffff:169.254.169.254]/x", "http://192.168.0.1/x", "http://0.0.0.0/x",
            "http://internal.example.com/x", "http://loopback-and-private.example.com/x", "ftp://127.0.0.1/x"})
    void theInsecureSwitchAllowsLoopbackButNothingElseThatIsPrivate(String url) {
        assertThatThrownBy(() -> sender(true).post(URI.create(url), HEADERS, "{}"))
                .isInstanceOf(TargetRefusedException.class);

        assertThat(sockets.attempts).isEmpty();
    }

    @Test
    void publicAnswersAreConnectedToAsResolvedInOrderWithoutASecondLookup() {
        assertThatThrownBy(() -> sender(false).post(URI.create("https://public.example.com:8443/x"), HEADERS, "{}"))
                .isInstanceOf(UnreachableException.class);

        assertThat(dns.lookups).containsExactly("public.example.com");
        assertThat(sockets.attempts).containsExactly(
                new InetSocketAddress(FakeDns.address("93.184.216.34"), 8443),
                new InetSocketAddress(FakeDns.address("151.101.1.69"), 8443));
    }

    @Test
    void aPublicLiteralIsConnectedToWithoutAnyLookup() {
        assertThatThrownBy(() -> sender(false).post(URI.create("https://93.184.216.34/x"), HEADERS, "{}"))
                .isInstanceOf(UnreachableException.class);

        assertThat(dns.lookups).isEmpty();
        assertThat(sockets.attempts).containsExactly(new InetSocketAddress(FakeDns.address("93.184.216.34"), 443));
    }

    @Test
    void aNameThatDoesNotResolveIsUnreachable() {
        assertThatThrownBy(() -> sender(false).post(URI.create("https://nowhere.example.com/x"), HEADERS, "{}"))
                .isInstanceOf(UnreachableException.class)
                .hasCauseInstanceOf(UnknownHostException.class);

        assertThat(sockets.attempts).isEmpty();
    }
}
