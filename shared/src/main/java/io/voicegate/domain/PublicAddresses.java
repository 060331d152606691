package io.voicegate.domain;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which hosts and addresses count as public. Used to validate URLs a client gives us (by literal, no DNS) and,
 * when we connect out, on every resolved address. Refused: loopback, private, link-local (and so the cloud metadata
 * address), CGNAT, multicast, unspecified, broadcast, unique-local IPv6, IPv4-mapped/compatible forms of those, and
 * host names that only mean something inside a machine or cloud.
 */
public final class PublicAddresses {

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    // Forms like "2130706433", "0x7f.1" or "017700000001" are IPv4 to many resolvers; never a legitimate public host.
    private static final Pattern NUMERIC_HOST = Pattern.compile("(0x[0-9a-f]+|[0-9]+)(\\.(0x[0-9a-f]+|[0-9]+))*");

    private PublicAddresses() {
    }

    /**
     * Checks a URL host without resolving it. Returns why the host is refused, or empty when it may be public.
     * A bracketed or bare IPv6 literal and dotted-quad IPv4 literals are checked by address.
     */
    public static Optional<String> refuseHost(String host) {
        if (host == null || host.isBlank()) {
            return Optional.of("must name a host");
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.contains(":") || IPV4_LITERAL.matcher(name).matches()) {
            Optional<InetAddress> literal = parseLiteral(name);
            if (literal.isEmpty()) {
                return Optional.of("is not a valid IP address");
            }
            return isPublic(literal.get()) ? Optional.empty() : Optional.of("must be a public address");
        }
        if (NUMERIC_HOST.matcher(name).matches()) {
            return Optional.of("must be a host name or a dotted IPv4 address");
        }
        if (name.equals("localhost") || name.endsWith(".localhost") || name.endsWith(".local")
                || name.endsWith(".internal") || name.equals("metadata") || !name.contains(".")) {
            return Optional.of("must be a public host");
        }
        return Optional.empty();
    }

    /** True when connecting to this address reaches the public internet. */
    public static boolean isPublic(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            Optional<InetAddress> embedded = embeddedIpv4(b);
            if (embedded.isPresent()) {
                return isPublic(embedded.get());
            }
            int first = b[0] & 0xff;
            boolean uniqueLocal = (first & 0xfe) == 0xfc;                      // fc00::/7 (incl. fd00:ec2::254)
            boolean documentation = first == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d
                    && (b[3] & 0xff) == 0xb8;                                   // 2001:db8::/32
            return !(v6.isLoopbackAddress() || v6.isAnyLocalAddress() || v6.isLinkLocalAddress()
                    || v6.isSiteLocalAddress() || v6.isMulticastAddress() || uniqueLocal || documentation);
        }
        byte[] b = address.getAddress();
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        return !(a0 == 0                                   // 0.0.0.0/8 "this network", unspecified
                || a0 == 10                                // private
                || a0 == 127                               // loopback
                || (a0 == 100 && a1 >= 64 && a1 <= 127)    // 100.64.0.0/10 CGNAT
                || (a0 == 169 && a1 == 254)                // link-local, cloud metadata
                || (a0 == 172 && a1 >= 16 && a1 <= 31)     // private
                || (a0 == 192 && a1 == 168)                // private
                || (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                || (a0 == 198 && (a1 == 18 || a1 == 19))   // benchmarking
                || a0 >= 224);                             // multicast, reserved, broadcast
    }

    /** True for loopback addresses, which the local stack may allow behind an explicit switch. */
    public static boolean isLoopback(InetAddress address) {
        if (address instanceof Inet6Address) {
            Optional<InetAddress> embedded = embeddedIpv4(address.getAddress());
            if (embedded.isPresent()) {
                return embedded.get().isLoopbackAddress();
            }
        }
        return address.isLoopbackAddress();
    }

    private static Optional<InetAddress> embeddedIpv4(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return Optional.empty();
            }
        }
        boolean mapped = (v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff;    // ::ffff:a.b.c.d
        boolean compatible = v6[10] == 0 && v6[11] == 0 && ((v6[12] | v6[13] | v6[14]) != 0 || (v6[15] & 0xfe) != 0);
        if (!mapped && !compatible) {
            return Optional.empty();                                            // ::, ::1 are handled as IPv6
        }
        try {
            return Optional.of(Inet4Address.getByAddress(new byte[] {v6[12], v6[13], v6[14], v6[15]}));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Parses an IP literal; never performs a DNS lookup (names are refused before reaching InetAddress). */
    public static Optional<InetAddress> parseLiteral(String literal) {
        String text = literal;
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        if (text.contains("%")) {
            return Optional.empty();                                            // zone ids are never public
        }
        boolean v4 = IPV4_LITERAL.matcher(text).matches();
        boolean v6 = text.contains(":") && text.matches("[0-9a-fA-F:.]+");
        if (!v4 && !v6) {
            return Optional.empty();
        }
        if (v4) {
            for (String part : text.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return Optional.empty();
                }
            }
        }
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
