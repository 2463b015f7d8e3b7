package dev.profilebridge.token.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.net.SocketAddress;

class ClientAddressResolverTest {

    private final ClientAddressResolver noProxies = new ClientAddressResolver(List.of());
    private final ClientAddressResolver behindIngress = new ClientAddressResolver(List.of("10.42.0.0/16", "192.0.2.7"));

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        assertEquals("203.0.113.5", noProxies.clientAddress(peer("203.0.113.5"), List.of("198.51.100.1")));
        assertEquals("10.42.0.9", noProxies.clientAddress(peer("10.42.0.9"), List.of("198.51.100.1")));
    }

    @Test
    void anUntrustedPeerCannotChooseItsAddress() {
        assertEquals("203.0.113.5", behindIngress.clientAddress(peer("203.0.113.5"),
                List.of("198.51.100.1, 10.42.0.1")));
    }

    @Test
    void throughTrustedProxiesTheRightMostUntrustedEntryIsTheCaller() {
        // The caller wrote 198.51.100.1 and 10.42.0.3 itself; the Ingress (10.42.0.9) appended the caller's address.
        assertEquals("203.0.113.5", behindIngress.clientAddress(peer("10.42.0.9"),
                List.of("198.51.100.1, 10.42.0.3, 203.0.113.5")));
        // Two trusted hops, and the header split over two lines.
        assertEquals("203.0.113.6", behindIngress.clientAddress(peer("10.42.0.9"),
                List.of("198.51.100.1, 203.0.113.6", "192.0.2.7")));
    }

    @Test
    void aTrustedPeerWithoutTheHeaderIsTheCaller() {
        assertEquals("10.42.0.9", behindIngress.clientAddress(peer("10.42.0.9"), null));
        assertEquals("10.42.0.9", behindIngress.clientAddress(peer("10.42.0.9"), List.of()));
    }

    @Test
    void onlyTrustedHopsLeaveTheLeftMostAddress() {
        assertEquals("10.42.1.1", behindIngress.clientAddress(peer("10.42.0.9"), List.of("10.42.1.1, 192.0.2.7")));
    }

    @Test
    void somethingThatIsNotAnAddressStopsAtTheProxyThatPassedItOn() {
        assertEquals("10.42.0.9", behindIngress.clientAddress(peer("10.42.0.9"), List.of("unknown")));
        assertEquals("10.42.0.9", behindIngress.clientAddress(peer("10.42.0.9"), List.of("evil.example.com")));
        assertEquals("10.42.0.9", behindIngress.clientAddress(peer("10.42.0.9"), List.of("x".repeat(5000))));
    }

    @Test
    void portsAreDroppedAndIpv6IsCountedPerSlash64() {
        assertEquals("203.0.113.5", behindIngress.clientAddress(peer("10.42.0.9"), List.of("203.0.113.5:4711")));
        assertEquals("2001:db8:1:2::/64", behindIngress.clientAddress(peer("10.42.0.9"),
                List.of("[2001:db8:1:2:aaaa::1]:4711")));
        assertEquals("2001:db8:1:2::/64", behindIngress.clientAddress(peer("10.42.0.9"),
                List.of("2001:db8:1:2:bbbb::2")));
        assertEquals("203.0.113.5", behindIngress.clientAddress(peer("10.42.0.9"), List.of("::ffff:203.0.113.5")));
        assertEquals("2001:db8:9::/64", noProxies.clientAddress(peer("2001:db8:9:0:1::1"), null));
    }

    @Test
    void aTrustedProxyThatIsNotAnAddressOrBlockStopsTheStart() {
        assertThrows(IllegalArgumentException.class, () -> new ClientAddressResolver(List.of("ingress.local")));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddressResolver(List.of("10.0.0.0/33")));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddressResolver(List.of("10.0.0.0/x")));
    }

    private static SocketAddress peer(String address) {
        return SocketAddress.inetSocketAddress(40000, address);
    }
}
