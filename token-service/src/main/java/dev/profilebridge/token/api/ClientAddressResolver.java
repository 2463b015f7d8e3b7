package dev.profilebridge.token.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.profilebridge.token.config.TokenServiceConfig;
import io.netty.util.NetUtil;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The address a token request comes from, as the brute-force throttle counts it: the TCP peer, or, when the peer is
 * one of {@code token-service.throttle.trusted-proxies}, the right-most {@code X-Forwarded-For} entry that is not a
 * trusted proxy. Entries left of that one were written by the caller and are ignored.
 * <p>
 * Written here rather than left to Quarkus' {@code quarkus.http.proxy.*}: with {@code trusted-proxies} Quarkus checks
 * only the peer and then takes the <em>first</em> {@code X-Forwarded-For} entry, which the caller writes whenever the
 * proxy appends to the header (most do). The peer is read from the connection, so enabling Quarkus' forwarding for
 * other reasons cannot make the throttle believe the header.
 * <p>
 * IPv6 addresses are counted per /64, the block one subscriber gets: anyone with one has 2^64 addresses.
 */
@ApplicationScoped
public class ClientAddressResolver {

    /** An address block: the first {@code bits} bits of {@code address}. */
    private record Block(byte[] address, int bits) {

        boolean contains(byte[] candidate) {
            if (candidate.length != address.length) {
                return false;
            }
            int whole = bits / 8;
            if (!Arrays.equals(address, 0, whole, candidate, 0, whole)) {
                return false;
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (candidate[whole] & mask);
        }
    }

    private final List<Block> trustedProxies;

    @Inject
    ClientAddressResolver(TokenServiceConfig config) {
        this(config.throttle().trustedProxies().orElse(List.of()));
    }

    ClientAddressResolver(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(String::trim).filter(entry -> !entry.isEmpty())
                .map(ClientAddressResolver::block).toList();
    }

    /** The caller's address: the peer's, or, through trusted proxies, what the nearest untrusted hop was. */
    public String clientAddress(SocketAddress peer, List<String> forwardedForHeaders) {
        byte[] hop = peer == null ? null : literal(peer.hostAddress() != null ? peer.hostAddress() : peer.host());
        if (hop == null) {
            return "unknown";
        }
        List<String> entries = entries(forwardedForHeaders);
        for (int i = entries.size() - 1; i >= 0 && isTrusted(hop); i--) {
            byte[] next = literal(withoutPort(entries.get(i)));
            if (next == null) {
                // A trusted proxy passed on something that is not an address: count the request as the proxy's.
                break;
            }
            hop = next;
        }
        return key(hop);
    }

    private boolean isTrusted(byte[] address) {
        return trustedProxies.stream().anyMatch(block -> block.contains(address));
    }

    private static List<String> entries(List<String> headers) {
        List<String> entries = new ArrayList<>();
        if (headers != null) {
            headers.forEach(header -> Arrays.stream(header.split(",")).map(String::trim).forEach(entries::add));
        }
        return entries;
    }

    /** {@code 203.0.113.7:4711} and {@code [2001:db8::1]:4711} as some proxies write them, without the port. */
    private static String withoutPort(String entry) {
        if (entry.startsWith("[")) {
            int end = entry.indexOf(']');
            return end < 0 ? entry : entry.substring(1, end);
        }
        int colon = entry.indexOf(':');
        return colon >= 0 && colon == entry.lastIndexOf(':') ? entry.substring(0, colon) : entry;
    }

    /** The address's bytes, IPv4-mapped IPv6 as IPv4; null when it is not an address literal (never a DNS lookup). */
    private static byte[] literal(String text) {
        byte[] bytes = text == null ? null : NetUtil.createByteArrayFromIpAddressString(text);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String key(byte[] address) {
        if (address.length == 4) {
            return NetUtil.bytesToIpAddress(address);
        }
        byte[] block = Arrays.copyOf(Arrays.copyOf(address, 8), 16);
        return NetUtil.bytesToIpAddress(block) + "/64";
    }

    private static Block block(String entry) {
        int slash = entry.indexOf('/');
        byte[] address = literal(slash < 0 ? entry : entry.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("token-service.throttle.trusted-proxies: not an address or CIDR block: "
                    + entry);
        }
        int bits = address.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > address.length * 8) {
                throw new IllegalArgumentException("token-service.throttle.trusted-proxies: bad prefix length in "
                        + entry);
            }
        }
        return new Block(address, bits);
    }
}
