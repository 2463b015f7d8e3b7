package dev.profilebridge.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A strict reader of the MIME multipart bodies OData V2 {@code $batch} uses (RFC 2046 as SAP Gateway applies it):
 * CRLF line breaks, a delimiter line per part, a closing delimiter, headers then an empty line in each part.
 * Anything else is a {@link BadRequest}, as SAP answers it with 400.
 */
final class Multipart {

    record Part(Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    private Multipart() {
    }

    static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/mixed")) {
            throw new BadRequest("Content-Type must be multipart/mixed, was " + contentType);
        }
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equalsIgnoreCase("boundary")) {
                return pair[1].replace("\"", "");
            }
        }
        throw new BadRequest("multipart/mixed without a boundary");
    }

    static List<Part> parse(String body, String boundary) {
        String delimiter = "--" + boundary;
        int start = body.indexOf(delimiter);
        if (start < 0) {
            throw new BadRequest("No part delimited by " + delimiter);
        }
        if (!body.contains(delimiter + "--")) {
            throw new BadRequest("Missing closing delimiter " + delimiter + "--");
        }
        List<Part> parts = new ArrayList<>();
        int position = start + delimiter.length();
        while (!body.startsWith("--", position)) {
            if (!body.startsWith("\r\n", position)) {
                throw new BadRequest("A delimiter line must end with CRLF");
            }
            int next = body.indexOf("\r\n" + delimiter, position);
            if (next < 0) {
                throw new BadRequest("A part is not closed by " + delimiter);
            }
            parts.add(part(body.substring(position + 2, next)));
            position = next + 2 + delimiter.length();
        }
        return parts;
    }

    /** Headers, an empty line, a body: the shape of a MIME part and of an HTTP message alike. */
    static Part part(String text) {
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        Map<String, String> headers = new LinkedHashMap<>();
        // Lines found by indexOf, not String.split: a two-character separator is a regular expression compiled at
        // every call, which was the largest cost of the sandbox under the freshness benchmark's load.
        for (int lineStart = 0; lineStart < head.length(); ) {
            int lineEnd = head.indexOf("\r\n", lineStart);
            if (lineEnd < 0) {
                lineEnd = head.length();
            }
            if (lineEnd > lineStart) {
                header(head.substring(lineStart, lineEnd), headers);
            }
            lineStart = lineEnd + 2;
        }
        return new Part(headers, body);
    }

    private static void header(String line, Map<String, String> headers) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw new BadRequest("Malformed header line: " + line);
        }
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
