package dev.profilebridge.testsupport.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Abuse of the HTTP envelope around a valid request: the Authorization header, other headers, and how the body's
 * length is announced. Cases the HTTP layer refuses before the application sees them are marked as such by class
 * name ({@link #PROTOCOL}), because their answer comes from Vert.x, not from the service.
 */
public final class HttpAbuse {

    /** The class of requests that break HTTP/1.1 framing itself: answered by the HTTP layer. */
    public static final String PROTOCOL = "HTTP framing (malformed or lying lengths, bad chunks)";
    public static final String AUTHORIZATION = "Authorization abuse";
    public static final String HEADERS = "header abuse (long, repeated, odd bytes)";
    public static final String OVERSIZE = "sizes at and over the body limit";

    private final HostileRequest valid;
    private final long bodyLimit;

    /**
     * @param valid a request the endpoint accepts (its headers include the Authorization it needs, if any)
     * @param bodyLimit the endpoint's body limit in bytes
     */
    public HttpAbuse(HostileRequest valid, long bodyLimit) {
        this.valid = valid;
        this.bodyLimit = bodyLimit;
    }

    /** Authorization headers that are missing, repeated, of another scheme, malformed, forged or huge. */
    public Arbitrary<HostileRequest> authorization(Arbitrary<String> forgedCredentials) {
        Arbitrary<String> garbage = Arbitraries.strings().all().ofMaxLength(200);
        Arbitrary<String> value = Arbitraries.oneOf(forgedCredentials,
                garbage.map(g -> "Bearer " + g), garbage.map(g -> "Basic " + g),
                garbage.map(g -> "Basic " + base64(g)), garbage.map(g -> "Basic " + base64(g + ":" + g)),
                Arbitraries.integers().between(1_000, 12_000).map(n -> "Bearer " + "A".repeat(n)),
                Arbitraries.of("", "Bearer", "Bearer ", "Basic", "Basic ", "Basic Og==", "Basic " + base64(":"),
                        "Basic " + base64("a:"), "Basic " + base64(":b"), "Basic ====", "Digest x", "bearer  x.y.z",
                        "Bearer x.y", "Bearer ..", "Bearer a.b.c.d.e", "Negotiate YII=", "Basic %zz", "Basic\tYTpi"));
        return Combinators.combine(value, Arbitraries.integers().between(0, 3)).as((auth, mode) -> {
            List<Map.Entry<String, String>> headers = without("Authorization");
            switch (mode) {
                case 0 -> headers.add(Map.entry("Authorization", latin1(auth)));
                case 1 -> { // repeated: the valid one and a forged one, in either order
                    headers.addAll(valid.headers().stream().filter(h -> h.getKey().equals("Authorization")).toList());
                    headers.add(Map.entry("Authorization", latin1(auth)));
                }
                case 2 -> headers.add(Map.entry("authorization", latin1(auth)));
                default -> {
                    // no Authorization at all
                }
            }
            return valid.withHeaders(headers).withClass(AUTHORIZATION);
        });
    }

    /** Long, repeated and many headers, odd bytes in values, repeated and conflicting Content-Type. */
    public Arbitrary<HostileRequest> headers() {
        Arbitrary<List<Map.Entry<String, String>>> extra = Arbitraries.oneOf(
                Arbitraries.integers().between(1_000, 30_000).map(n -> List.of(Map.entry("X-Long", "v".repeat(n)))),
                Arbitraries.integers().between(10, 300).map(n -> repeat(Map.entry("X-Many", "1"), n)),
                Arbitraries.strings().withCharRange('\u0080', '\u00ff').ofMinLength(1).ofMaxLength(50)
                        .map(v -> List.of(Map.entry("X-Bytes", v))),
                Arbitraries.of(List.of(Map.entry("Content-Type", "text/plain")),
                        List.of(Map.entry("Content-Type", "application/json"), Map.entry("Content-Type", "text/xml")),
                        List.of(Map.entry("Content-Encoding", "gzip")), List.of(Map.entry("Content-Encoding", "br")),
                        List.of(Map.entry("Expect", "100-continue")), List.of(Map.entry("Expect", "nonsense")),
                        List.of(Map.entry("X-Forwarded-For", "1.2.3.4, 5.6.7.8")),
                        List.of(Map.entry("Forwarded", "for=\"[::1]\";by=unknown")),
                        List.of(Map.entry("Accept", "application/xml")), List.of(Map.entry("Accept", "*/*;q=x")),
                        List.of(Map.entry("Accept-Charset", "utf-16")),
                        List.of(Map.entry("Content-Type", "application/json; charset=utf-8; charset=latin1")),
                        List.of(Map.entry("Host", "evil.example")), List.of(Map.entry("Upgrade", "h2c"),
                                Map.entry("HTTP2-Settings", "AAMAAABkAARAAAAAAAIAAAAA")),
                        List.of(Map.entry("Upgrade", "websocket")), List.of(Map.entry("X-Request-Id", "\u00ff".repeat(99))),
                        List.of(Map.entry("traceparent", "00-zzzz-zzzz-01")),
                        List.of(Map.entry("traceparent", "00-" + "f".repeat(32) + "-" + "f".repeat(16) + "-ff"))));
        return extra.map(h -> {
            List<Map.Entry<String, String>> headers = new ArrayList<>(valid.headers());
            headers.addAll(h);
            return valid.withHeaders(headers).withClass(HEADERS);
        });
    }

    /** Content-Length that lies or is malformed, chunked bodies that are malformed, both framings at once. */
    public Arbitrary<HostileRequest> framing() {
        byte[] body = valid.body();
        Arbitrary<UnaryOperator<HostileRequest>> change = Arbitraries.of(
                r -> asGiven(r, List.of(Map.entry("Content-Length", String.valueOf(Math.max(body.length / 2, 1))))),
                r -> asGiven(r, List.of(Map.entry("Content-Length", "-1"))),
                r -> asGiven(r, List.of(Map.entry("Content-Length", "abc"))),
                r -> asGiven(r, List.of(Map.entry("Content-Length", "1e3"))),
                r -> asGiven(r, List.of(Map.entry("Content-Length", body.length + ", " + body.length))),
                r -> asGiven(r, List.of(Map.entry("Content-Length", String.valueOf(body.length)),
                        Map.entry("Content-Length", String.valueOf(body.length + 1)))),
                r -> asGiven(r, List.of(Map.entry("Content-Length", String.valueOf(body.length)),
                        Map.entry("Transfer-Encoding", "chunked"))),
                r -> asGiven(r, List.of(Map.entry("Transfer-Encoding", "gzip"))),
                r -> asGiven(r, List.of(Map.entry("Transfer-Encoding", "chunked, identity"))),
                r -> asGiven(r, List.of(Map.entry("Transfer-Encoding", "chunked"))), // body not chunk-encoded
                r -> asGiven(r, List.of(Map.entry("Content-Length", "99999999999999999999999"))),
                r -> asGiven(r, List.of(Map.entry("Content-Length", " " + body.length + " "))),
                r -> r.withFraming(HostileRequest.Framing.CHUNKED),
                r -> chunkedWith(r, "zz\r\n" + new String(body, StandardCharsets.ISO_8859_1) + "\r\n0\r\n\r\n"),
                r -> chunkedWith(r, "1;ext=\"x\r\n{\r\n0\r\n\r\n"),
                r -> chunkedWith(r, "ffffffffffffffff\r\n{}\r\n0\r\n\r\n"),
                r -> chunkedWith(r, "2\r\n{}\r\n0\r\nX-Trailer: 1\r\n\r\n"),
                r -> chunkedWith(r, "-1\r\n{}\r\n0\r\n\r\n"));
        return change.map(c -> c.apply(valid).withClass(PROTOCOL));
    }

    /** Bodies just under, at and over the limit, declared (Content-Length) or streamed (chunked). */
    public Arbitrary<HostileRequest> oversize() {
        Arbitrary<Long> size = Arbitraries.longs().between(bodyLimit - 16, bodyLimit + 64 * 1024);
        return Combinators.combine(size, Arbitraries.of(true, false)).as((n, chunked) -> {
            byte[] body = new byte[(int) (long) n];
            java.util.Arrays.fill(body, (byte) ' ');
            byte[] start = valid.body();
            System.arraycopy(start, 0, body, 0, Math.min(start.length, body.length));
            return new HostileRequest(OVERSIZE, valid.method(), valid.target(), valid.headers(), body,
                    chunked ? HostileRequest.Framing.CHUNKED : HostileRequest.Framing.CONTENT_LENGTH);
        });
    }

    private HostileRequest asGiven(HostileRequest r, List<Map.Entry<String, String>> framing) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(r.headers());
        headers.addAll(framing);
        return r.withHeaders(headers).withFraming(HostileRequest.Framing.AS_GIVEN);
    }

    private HostileRequest chunkedWith(HostileRequest r, String chunks) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(r.headers());
        headers.add(Map.entry("Transfer-Encoding", "chunked"));
        return new HostileRequest(r.inputClass(), r.method(), r.target(), headers,
                chunks.getBytes(StandardCharsets.ISO_8859_1), HostileRequest.Framing.AS_GIVEN);
    }

    private List<Map.Entry<String, String>> without(String name) {
        return new ArrayList<>(valid.headers().stream().filter(h -> !h.getKey().equalsIgnoreCase(name)).toList());
    }

    private static List<Map.Entry<String, String>> repeat(Map.Entry<String, String> header, int times) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            headers.add(header);
        }
        return headers;
    }

    public static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A header value as the bytes a hostile client sends: UTF-8 written byte by byte, CR and LF removed. */
    static String latin1(String value) {
        return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1).replace("\r", "")
                .replace("\n", "");
    }
}
