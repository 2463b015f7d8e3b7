package dev.profilebridge.testsupport.fuzz;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One generated request and the class of input it belongs to. Header lines are written as given (ISO-8859-1, so a
 * case can carry any byte); the framing decides how the body's length is announced.
 */
public record HostileRequest(String inputClass, String method, String target, List<Map.Entry<String, String>> headers,
        byte[] body, Framing framing) {

    public enum Framing {
        /** A correct Content-Length. */
        CONTENT_LENGTH,
        /** {@code Transfer-Encoding: chunked}, the body in chunks of up to 8 KB. */
        CHUNKED,
        /** Nothing added: the case's own headers announce the body (or lie about it). */
        AS_GIVEN
    }

    public static HostileRequest post(String inputClass, String target, List<Map.Entry<String, String>> headers,
            byte[] body) {
        return new HostileRequest(inputClass, "POST", target, headers, body, Framing.CONTENT_LENGTH);
    }

    public HostileRequest withClass(String newClass) {
        return new HostileRequest(newClass, method, target, headers, body, framing);
    }

    public HostileRequest withFraming(Framing newFraming) {
        return new HostileRequest(inputClass, method, target, headers, body, newFraming);
    }

    public HostileRequest withHeaders(List<Map.Entry<String, String>> newHeaders) {
        return new HostileRequest(inputClass, method, target, newHeaders, body, framing);
    }

    public HostileRequest withTarget(String newTarget) {
        return new HostileRequest(inputClass, method, newTarget, headers, body, framing);
    }

    /** The request on the wire; the connection closes after the answer, so a lying length cannot leak into a next one. */
    public byte[] toBytes(URI server) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ")
                .append(server.getHost()).append(':').append(server.getPort()).append("\r\nConnection: close\r\n");
        headers.forEach(h -> head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n"));
        if (framing == Framing.CONTENT_LENGTH) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        } else if (framing == Framing.CHUNKED) {
            head.append("Transfer-Encoding: chunked\r\n");
        }
        ByteArrayOutputStream wire = new ByteArrayOutputStream(body.length + head.length() + 64);
        wire.writeBytes(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        if (framing == Framing.CHUNKED) {
            for (int at = 0; at < body.length; at += 8192) {
                int size = Math.min(8192, body.length - at);
                wire.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                wire.write(body, at, size);
                wire.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            wire.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            wire.writeBytes(body);
        }
        return wire.toByteArray();
    }

    /** Enough of the case to reproduce it by hand: the head in full (long values cut), the body's start. */
    public String describe() {
        List<String> lines = new ArrayList<>();
        lines.add(method + " " + cut(target, 200) + " [" + framing + ", " + body.length + " bytes]");
        headers.forEach(h -> lines.add(cut(h.getKey(), 80) + ": " + cut(h.getValue(), 200)));
        lines.add("body: " + cut(new String(body, 0, Math.min(body.length, 300), StandardCharsets.ISO_8859_1), 300));
        return String.join("\n    ", lines);
    }

    private static String cut(String text, int max) {
        String shown = text.length() <= max ? text : text.substring(0, max) + "…(" + text.length() + " chars)";
        StringBuilder escaped = new StringBuilder();
        shown.chars().forEach(c -> escaped.append(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)
                ? String.format("\\x%02x", c) : String.valueOf((char) c)));
        return escaped.toString();
    }
}
