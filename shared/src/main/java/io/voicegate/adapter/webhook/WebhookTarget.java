package io.voicegate.adapter.webhook;

import io.voicegate.domain.PublicAddresses;
import io.voicegate.domain.WebhookUrls;
import io.voicegate.port.WebhookSender.TargetRefusedException;

import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * A webhook URL taken apart for a hand-written HTTP/1.1 exchange, once {@link WebhookUrls} (the same rule as at
 * submit) accepts it.
 *
 * @param host          the host to resolve, verify the certificate for and send as SNI: no brackets, no trailing dot
 * @param literal       the address when the URL names an IP literal (then no DNS lookup happens)
 * @param hostHeader    the {@code Host} header: the URL's host, with the port when it is not the scheme's default
 * @param requestTarget the raw path (at least {@code /}) and query, exactly as the URL carries them
 */
record WebhookTarget(boolean tls, String host, Optional<InetAddress> literal, int port, String hostHeader,
                     String requestTarget) {

    /** @throws TargetRefusedException when {@link WebhookUrls#problem} refuses the URL */
    static WebhookTarget parse(URI given, boolean allowInsecure) {
        WebhookUrls.problem(given, allowInsecure).ifPresent(why -> {
            throw new TargetRefusedException("webhook URL " + why);
        });
        URI url = URI.create(given.toASCIIString());    // percent-encodes any non-ASCII in the path and query
        boolean tls = url.getScheme().toLowerCase(Locale.ROOT).equals("https");
        String rawHost = url.getHost();
        String host = WebhookUrls.bareHost(rawHost);
        Optional<InetAddress> literal = PublicAddresses.parseLiteral(host);
        int defaultPort = tls ? 443 : 80;
        int port = url.getPort() == -1 ? defaultPort : url.getPort();
        String hostHeader = port == defaultPort ? rawHost : rawHost + ":" + port;
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String requestTarget = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        return new WebhookTarget(tls, host, literal, port, hostHeader, requestTarget);
    }
}
