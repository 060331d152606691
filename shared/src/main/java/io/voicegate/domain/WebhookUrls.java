package io.voicegate.domain;

import javax.net.ssl.SNIHostName;
import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The one rule for where a webhook may be sent, applied at submit (a refused URL is a validation error on
 * {@code webhook.url}, and nothing is charged) and again before every delivery (a stored URL is never trusted more
 * than a new one). It needs no DNS: the scheme ({@code https}; {@code http} too behind the local stack's insecure
 * switch), a host and no user info, a host that may be public ({@link PublicAddresses#refuseHost}; loopback only
 * behind the same switch), and, for https, a host name that can be sent as TLS SNI. The address a name resolves
 * to is checked by the sender at connection time.
 */
public final class WebhookUrls {

    private WebhookUrls() {
    }

    /**
     * @param allowInsecure the local stack's switch: also {@code http}, and loopback hosts
     * @return why webhooks may not go to this URL, as a phrase completing "webhook URL …"; empty when they may
     */
    public static Optional<String> problem(URI given, boolean allowInsecure) {
        URI url = URI.create(given.toASCIIString());    // percent-encodes any non-ASCII in the path and query
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = scheme.equals("https");
        String schemes = allowInsecure ? "https or http" : "https";
        if (!url.isAbsolute() || url.isOpaque() || !(tls || allowInsecure && scheme.equals("http"))) {
            return Optional.of("must be an absolute " + schemes + " URL with a host");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            return Optional.of(url.getRawAuthority() == null ? "must be an absolute " + schemes + " URL with a host"
                    : HOST_PROBLEM);
        }
        if (url.getRawUserInfo() != null) {
            return Optional.of("must not contain user credentials");
        }
        if (!portInRange(url)) {
            return Optional.of(PORT_PROBLEM);
        }
        String host = bareHost(url.getHost());
        Optional<InetAddress> literal = PublicAddresses.parseLiteral(host);
        boolean loopbackAllowed = allowInsecure && (host.equals("localhost")
                || literal.map(PublicAddresses::isLoopback).orElse(false));
        if (!loopbackAllowed) {
            Optional<String> refused = PublicAddresses.refuseHost(url.getHost());
            if (refused.isPresent()) {
                return Optional.of("host " + refused.get());
            }
        }
        if (tls && literal.isEmpty()) {
            try {
                new SNIHostName(host);
            } catch (IllegalArgumentException e) {
                return Optional.of("host is not a valid TLS host name");
            }
        }
        return Optional.empty();
    }

    /**
     * What is wrong with a URL whose authority names no host java.net.URI can read: a name with characters a host
     * name may not have (an underscore, say) or an internationalised one not in its ASCII form (RFC 3490).
     */
    public static final String HOST_PROBLEM = "host must be a host name of letters, digits, hyphens and dots "
            + "(an internationalised name in its xn-- form) or an IP address";

    /** What is wrong with a URL whose port is not one a connection can use. */
    public static final String PORT_PROBLEM = "port must be 1-65535";

    /** True when the URL names no port (the scheme's default) or one a connection can use, 1 to 65535. */
    public static boolean portInRange(URI url) {
        return url.getPort() == -1 || url.getPort() >= 1 && url.getPort() <= 65_535;
    }

    /** The host to resolve and name in TLS: lower case, without IPv6 brackets or a trailing dot. */
    public static String bareHost(String rawHost) {
        String host = rawHost.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            return host.substring(1, host.length() - 1);
        }
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }
}
