package io.voicegate.domain;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which hosts and addresses count as public: the one decision used to validate URLs a client gives us (by literal,
 * no DNS) and, when we connect out, every resolved address of every delivery attempt.
 *
 * <p>An address is refused when it lies in a block of the IANA IPv4 or IPv6 Special-Purpose Address Registry
 * (iana.org/assignments/iana-ipv4-special-registry and iana-ipv6-special-registry, RFC 6890) that is not globally
 * reachable, or is multicast (IPv4 224.0.0.0/4, IPv6 ff00::/8). IPv6 forms that carry an IPv4 address — IPv4-mapped
 * {@code ::ffff:0:0/96}, IPv4-compatible {@code ::/96}, NAT64 {@code 64:ff9b::/96} (RFC 6052), 6to4 {@code 2002::/16}
 * (RFC 3056) — are judged by that IPv4 address. Blocks marked globally reachable in the registries but used only for
 * anycast infrastructure (the IETF protocol assignments 192.0.0.0/24 and 2001::/23, Teredo included) are refused
 * whole: no client webhook lives there. Host names that only mean something inside a machine or cloud are refused too.
 */
public final class PublicAddresses {

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    // Forms like "2130706433", "0x7f.1" or "017700000001" are IPv4 to many resolvers; never a legitimate public host.
    private static final Pattern NUMERIC_HOST = Pattern.compile("(0x[0-9a-f]+|[0-9]+)(\\.(0x[0-9a-f]+|[0-9]+))*");

    /** IANA IPv4 Special-Purpose Address Registry entries that are not globally reachable, plus multicast. */
    private static final List<Block> IPV4_NOT_PUBLIC = List.of(
            Block.of("0.0.0.0/8"),          // "this network" (RFC 791)
            Block.of("10.0.0.0/8"),         // private-use (RFC 1918)
            Block.of("100.64.0.0/10"),      // shared address space, CGNAT (RFC 6598)
            Block.of("127.0.0.0/8"),        // loopback (RFC 1122)
            Block.of("169.254.0.0/16"),     // link-local, cloud metadata (RFC 3927)
            Block.of("172.16.0.0/12"),      // private-use (RFC 1918)
            Block.of("192.0.0.0/24"),       // IETF protocol assignments (RFC 6890), incl. DS-Lite, NAT64 discovery
            Block.of("192.0.2.0/24"),       // documentation TEST-NET-1 (RFC 5737)
            Block.of("192.88.99.0/24"),     // deprecated 6to4 relay anycast (RFC 7526)
            Block.of("192.168.0.0/16"),     // private-use (RFC 1918)
            Block.of("198.18.0.0/15"),      // benchmarking (RFC 2544)
            Block.of("198.51.100.0/24"),    // documentation TEST-NET-2 (RFC 5737)
            Block.of("203.0.113.0/24"),     // documentation TEST-NET-3 (RFC 5737)
            Block.of("224.0.0.0/4"),        // multicast (RFC 5771)
            Block.of("240.0.0.0/4"));       // reserved (RFC 1112), incl. limited broadcast 255.255.255.255

    /** IANA IPv6 Special-Purpose Address Registry entries that are not globally reachable, plus multicast. */
    private static final List<Block> IPV6_NOT_PUBLIC = List.of(
            Block.of("::/128"),             // unspecified (RFC 4291)
            Block.of("::1/128"),            // loopback (RFC 4291)
            Block.of("64:ff9b:1::/48"),     // local-use IPv4/IPv6 translation (RFC 8215)
            Block.of("100::/64"),           // discard-only (RFC 6666)
            Block.of("100:0:0:1::/64"),     // dummy IPv6 prefix (RFC 9780)
            Block.of("2001::/23"),          // IETF protocol assignments (RFC 2928), incl. Teredo, benchmarking, ORCHID
            Block.of("2001:db8::/32"),      // documentation (RFC 3849)
            Block.of("3fff::/20"),          // documentation (RFC 9637)
            Block.of("5f00::/16"),          // segment routing SIDs (RFC 9602)
            Block.of("fc00::/7"),           // unique-local (RFC 4193), incl. AWS fd00:ec2::254
            Block.of("fe80::/10"),          // link-local unicast (RFC 4291)
            Block.of("fec0::/10"),          // deprecated site-local (RFC 3879)
            Block.of("ff00::/8"));          // multicast (RFC 4291)

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

    /** True when connecting to this address reaches the public internet (see the class comment for the rule). */
    public static boolean isPublic(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            Optional<InetAddress> embedded = embeddedIpv4(bytes);
            if (embedded.isPresent()) {
                return isPublic(embedded.get());
            }
            return IPV6_NOT_PUBLIC.stream().noneMatch(block -> block.contains(bytes));
        }
        return IPV4_NOT_PUBLIC.stream().noneMatch(block -> block.contains(bytes));
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

    /**
     * The IPv4 address an IPv6 address carries, when it is one of the forms that reach (or stand for) that IPv4
     * host: IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible {@code ::a.b.c.d} (but not {@code ::} or
     * {@code ::1}), NAT64 well-known prefix {@code 64:ff9b::a.b.c.d} and 6to4 {@code 2002:aabb:ccdd::/48}.
     */
    static Optional<InetAddress> embeddedIpv4(byte[] v6) {
        boolean unspecifiedOrLoopback = COMPATIBLE.contains(v6) && v6[12] == 0 && v6[13] == 0 && v6[14] == 0
                && (v6[15] & 0xfe) == 0;
        if (MAPPED.contains(v6) || (COMPATIBLE.contains(v6) && !unspecifiedOrLoopback) || NAT64.contains(v6)) {
            return Optional.of(ipv4(v6[12], v6[13], v6[14], v6[15]));
        }
        if (SIX_TO_FOUR.contains(v6)) {
            return Optional.of(ipv4(v6[2], v6[3], v6[4], v6[5]));
        }
        return Optional.empty();
    }

    private static final Block MAPPED = new Block(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0}, 96);
    private static final Block COMPATIBLE = Block.of("::/96");
    private static final Block NAT64 = Block.of("64:ff9b::/96");
    private static final Block SIX_TO_FOUR = Block.of("2002::/16");

    private static InetAddress ipv4(byte a, byte b, byte c, byte d) {
        try {
            return Inet4Address.getByAddress(new byte[] {a, b, c, d});
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** An address block in CIDR notation, e.g. {@code 64:ff9b::/96}. */
    private record Block(byte[] prefix, int length) {

        static Block of(String cidr) {
            int slash = cidr.indexOf('/');
            try {
                return new Block(InetAddress.getByName(cidr.substring(0, slash)).getAddress(),
                        Integer.parseInt(cidr.substring(slash + 1)));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            for (int bit = 0; bit < length; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
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
