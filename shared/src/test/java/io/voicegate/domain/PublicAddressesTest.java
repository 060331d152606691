package io.voicegate.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PublicAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.0.9", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.0.1",
            "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "224.0.0.1", "255.255.255.255",
            "192.0.0.8", "198.18.0.1", "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1",
            "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1", "2001:db8::1",
            // IANA IPv4 special-purpose blocks that are not globally reachable
            "192.0.2.1", "198.51.100.7", "203.0.113.9", "192.88.99.1", "240.0.0.1", "192.0.0.170",
            // IANA IPv6 special-purpose blocks that are not globally reachable
            "64:ff9b:1::1", "100::1", "2001::1", "2001:2::1", "2001:10::1", "3fff::1", "5f00::1", "fec0::1"})
    void nonPublicAddresses(String literal) throws Exception {
        assertThat(PublicAddresses.isPublic(InetAddress.getByName(literal))).isFalse();
        assertThat(PublicAddresses.refuseHost(literal.contains(":") ? "[" + literal + "]" : literal)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "192.169.0.1", "2606:4700::1111",
            "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1", "2001:4860:4860::8888", "::8.8.8.8"})
    void publicAddresses(String literal) throws Exception {
        assertThat(PublicAddresses.isPublic(InetAddress.getByName(literal))).isTrue();
    }

    /** The example: NAT64 of the cloud metadata address, and every other spelling of an embedded IPv4. */
    @ParameterizedTest
    @ValueSource(strings = {"[64:ff9b::a9fe:a9fe]", "[64:ff9b::169.254.169.254]", "[0064:FF9B:0000:0000::A9FE:A9FE]",
            "[64:ff9b::7f00:1]", "[64:ff9b::a00:1]", "[2002:a9fe:a9fe::1]", "[2002:7f00:1::]", "[2002:c0a8:101::5]",
            "[::ffff:a9fe:a9fe]", "[0:0:0:0:0:ffff:127.0.0.1]", "[::a9fe:a9fe]", "[::0a00:0001]"})
    void ipv6FormsAreJudgedByTheIpv4AddressTheyCarry(String host) {
        assertThat(PublicAddresses.refuseHost(host)).as(host).isPresent();
    }

    /** Property: an IPv6 form embedding an IPv4 address is public exactly when that IPv4 address is. */
    @Test
    void embeddedFormsAgreeWithTheirIpv4Address() throws Exception {
        long seed = System.nanoTime();
        System.out.println("PublicAddressesTest seed=" + seed);
        Random random = new Random(seed);
        for (int i = 0; i < 5_000; i++) {
            byte[] v4 = new byte[4];
            random.nextBytes(v4);
            if (i % 4 == 0) {
                v4[0] = (byte) new int[] {10, 127, 169, 172, 192, 100, 0, 224}[random.nextInt(8)];
            }
            boolean expected = PublicAddresses.isPublic(InetAddress.getByAddress(v4));
            for (byte[] v6 : new byte[][] {nat64(v4), sixToFour(v4, random)}) {
                InetAddress address = Inet6Address.getByAddress(null, v6, null);
                assertThat(PublicAddresses.isPublic(address)).as("seed %d: %s", seed, address).isEqualTo(expected);
            }
        }
    }

    private static byte[] nat64(byte[] v4) {
        byte[] v6 = new byte[16];
        v6[1] = 0x64;
        v6[2] = (byte) 0xff;
        v6[3] = (byte) 0x9b;
        System.arraycopy(v4, 0, v6, 12, 4);
        return v6;
    }

    private static byte[] sixToFour(byte[] v4, Random random) {
        byte[] v6 = new byte[16];
        random.nextBytes(v6);
        v6[0] = 0x20;
        v6[1] = 0x02;
        System.arraycopy(v4, 0, v6, 2, 4);
        return v6;
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST.", "x.localhost", "printer.local", "metadata.google.internal",
            "metadata", "intranet", "2130706433", "0x7f000001", "017700000001", "127.1", "[fe80::1%25eth0]",
            "999.1.1.1"})
    void hostNamesThatAreNotPublic(String host) {
        assertThat(PublicAddresses.refuseHost(host)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "cdn.example.com", "EXAMPLE.COM.", "xn--bcher-kva.example"})
    void publicHostNames(String host) {
        assertThat(PublicAddresses.refuseHost(host)).isEmpty();
    }
}
