package dev.profilebridge.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * A POST whose body is sent with {@code Transfer-Encoding: chunked} on a raw HTTP/1.1 connection, no Content-Length,
 * as a client that streams a body of unknown size does: for tests of body limits. HTTP clients switch to HTTP/2 or
 * give up writing when the server refuses mid-body; this one stops writing and reads what the server answered.
 */
public final class ChunkedRequest {

    private ChunkedRequest() {
    }

    /**
     * Sends {@code size} bytes in 64 KB chunks, the first byte {@code {}} and the rest 'a', and answers the head of
     * the response (status line and headers, up to 512 bytes).
     */
    public static String post(URI uri, Map<String, String> headers, int size) throws IOException {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost()
                    + "\r\nTransfer-Encoding: chunked\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'a');
            chunk[0] = '{';
            try {
                for (int sent = 0; sent < size; sent += chunk.length) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    chunk[0] = 'a';
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException stoppedReading) {
                // The server answered and closed before the whole body was sent: read what it answered.
            }
            return new String(socket.getInputStream().readNBytes(512), StandardCharsets.ISO_8859_1);
        }
    }
}
