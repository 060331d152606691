package io.voicegate.adapter.webhook;

import io.voicegate.domain.PublicAddresses;
import io.voicegate.port.WebhookSender.TargetRefusedException;

import javax.net.ssl.SNIHostName;
import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * A webhook URL taken apart for a hand-written HTTP/1.1 exchange, after the checks that need no DNS: the scheme, the
 * absence of user info, and the host name or literal (loopback only behind the local stack's switch; for https, a name
 * that can be sent as SNI).
 *
 * @param host          the host to resolve, verify the certificate for and send as SNI: no brackets, no trailing dot
 * @param literal       the address when the URL names an IP literal (then no DNS lookup happens)
 * @param hostHeader    the {@code Host} header: the URL's host, with the port when it is not the scheme's default
 * @param requestTarget the raw path (at least {@code /}) and query, exactly as the URL carries them
 */
record WebhookTarget(boolean tls, String host, Optional<InetAddress> literal, int port, String hostHeader,
                     String requestTarget) {

    static WebhookTarget parse(URI given, boolean allowInsecure) {
        URI url = URI.create(given.toASCIIString());    // percent-encodes any non-ASCII in the path and query
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = scheme.equals("https");
        if (!tls && !(allowInsecure && scheme.equals("http"))) {
            throw new TargetRefusedException("webhook URL must use https" + (allowInsecure ? " or http" : ""));
        }
        String rawHost = url.getHost();
        if (url.isOpaque() || rawHost == null || rawHost.isEmpty()) {
            throw new TargetRefusedException("webhook URL must be absolute and name a host");
        }
        if (url.getRawUserInfo() != null) {
            throw new TargetRefusedException("webhook URL must not carry user info");
        }
        String host = bare(rawHost);
        Optional<InetAddress> literal = PublicAddresses.parseLiteral(host);
        boolean loopbackAllowed = allowInsecure && (host.equals("localhost")
                || literal.map(PublicAddresses::isLoopback).orElse(false));
        if (!loopbackAllowed) {
            PublicAddresses.refuseHost(rawHost).ifPresent(why -> {
                throw new TargetRefusedException("webhook host " + rawHost + " " + why);
            });
        }
        if (tls && literal.isEmpty()) {
            try {
                new SNIHostName(host);
            } catch (IllegalArgumentException e) {
                throw new TargetRefusedException("webhook host " + rawHost + " is not a valid TLS host name");
            }
        }
        int defaultPort = tls ? 443 : 80;
        int port = url.getPort() == -1 ? defaultPort : url.getPort();
        String hostHeader = port == defaultPort ? rawHost : rawHost + ":" + port;
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String requestTarget = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        return new WebhookTarget(tls, host, literal, port, hostHeader, requestTarget);
    }

    private static String bare(String rawHost) {
        String host = rawHost.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            return host.substring(1, host.length() - 1);
        }
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }
}
