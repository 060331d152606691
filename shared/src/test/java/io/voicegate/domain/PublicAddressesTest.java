package io.voicegate.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class PublicAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.0.9", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.0.1",
            "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "224.0.0.1", "255.255.255.255",
            "192.0.0.8", "198.18.0.1", "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1",
            "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1", "2001:db8::1"})
    void nonPublicAddresses(String literal) throws Exception {
        assertThat(PublicAddresses.isPublic(InetAddress.getByName(literal))).isFalse();
        assertThat(PublicAddresses.refuseHost(literal.contains(":") ? "[" + literal + "]" : literal)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "192.169.0.1", "2606:4700::1111",
            "::ffff:8.8.8.8"})
    void publicAddresses(String literal) throws Exception {
        assertThat(PublicAddresses.isPublic(InetAddress.getByName(literal))).isTrue();
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
