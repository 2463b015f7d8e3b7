package dev.profilebridge.testsupport.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Hostile JSON bodies built around a valid document of the endpoint under test: each class of input keeps the rest of
 * the document valid, so the case reaches the code that handles that one defect.
 */
public final class JsonAbuse {

    static final String JSON = "application/json";

    private final Map<String, String> template;
    private final int maxLongString;

    /**
     * @param template the fields of a valid document, name to JSON value text, in order
     * @param maxLongString the longest string value generated (keep it under the endpoint's body limit)
     */
    public JsonAbuse(Map<String, String> template, int maxLongString) {
        this.template = new LinkedHashMap<>(template);
        this.maxLongString = maxLongString;
    }

    /** Every class below, about equally often. */
    public Arbitrary<HostileBody> bodies() {
        return Arbitraries.oneOf(List.of(mutatedValid(), deepNesting(), hugeNumbers(), duplicateKeys(), invalidUtf8(),
                byteOrderMarks(), controlCharacters(), longStrings(), wrongTypes(), oddDocuments(), contentTypes()));
    }

    public String valid() {
        return document(template);
    }

    /** The valid document with 1 to 8 bytes flipped, inserted, deleted, or the document cut short. */
    public Arbitrary<HostileBody> mutatedValid() {
        byte[] valid = utf8(valid());
        Arbitrary<int[]> edit = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, valid.length - 1), Arbitraries.integers().between(0, 255))
                .as((kind, at, value) -> new int[] { kind, at, value });
        return edit.list().ofMinSize(1).ofMaxSize(8).map(edits -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] current = valid;
            for (int[] e : edits) {
                int at = Math.min(e[1], Math.max(current.length - 1, 0));
                out.reset();
                switch (e[0]) {
                    case 0 -> { // flip
                        out.writeBytes(current);
                        byte[] b = out.toByteArray();
                        if (b.length > 0) {
                            b[at] = (byte) e[2];
                        }
                        current = b;
                        continue;
                    }
                    case 1 -> { // insert
                        out.write(current, 0, at);
                        out.write(e[2]);
                        out.write(current, at, current.length - at);
                    }
                    case 2 -> { // delete
                        out.write(current, 0, at);
                        if (at + 1 <= current.length) {
                            out.write(current, at + 1, current.length - at - 1);
                        }
                    }
                    default -> out.write(current, 0, at); // truncate
                }
                current = out.toByteArray();
            }
            return new HostileBody("mutated valid body", current, JSON);
        });
    }

    /** Arrays or objects nested 64 to 10,000 deep, as the whole body or as one field, closed or not. */
    public Arbitrary<HostileBody> deepNesting() {
        Arbitrary<Integer> depth = Arbitraries.integers().between(64, 10_000);
        return Combinators.combine(depth, Arbitraries.of("[", "{\"a\":", "[{\"a\":"), Arbitraries.of(true, false),
                field()).as((levels, opening, closed, field) -> {
                    String open = opening.repeat(levels);
                    String close = closed ? closing(opening).repeat(levels) : "";
                    String nested = open + "1" + close;
                    boolean whole = levels % 2 == 0;
                    return json("deep nesting", whole ? nested : replace(field, nested));
                });
    }

    /** Numbers no machine type holds, in place of one field or as the whole body. */
    public Arbitrary<HostileBody> hugeNumbers() {
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(19).ofMaxLength(10_000)
                .map(d -> "9" + d);
        Arbitrary<String> number = Arbitraries.oneOf(digits, digits.map(d -> "-" + d),
                Arbitraries.of("1e400", "-1e400", "1e-400", "1E+2147483648", "0.1e-99999999", "9223372036854775808",
                        "-9223372036854775809", "2147483648", "-0", "1.0", "0.5", "1e3", "00012", "NaN", "Infinity",
                        "-Infinity", "0x10", "+1", ".5", "1.", "1e", "--1"));
        return Combinators.combine(field(), number, Arbitraries.of(true, false))
                .as((field, n, whole) -> json("huge or invalid numbers", whole ? n : replace(field, n)));
    }

    /** One field repeated 2 to 50 times, with values of any type. */
    public Arbitrary<HostileBody> duplicateKeys() {
        return Combinators.combine(field(), anyValue().list().ofMinSize(1).ofMaxSize(49)).as((field, values) -> {
            StringBuilder doc = new StringBuilder(valid());
            doc.setLength(doc.length() - 1);
            values.forEach(v -> doc.append(",\"").append(field).append("\":").append(v));
            return json("duplicate keys", doc.append('}').toString());
        });
    }

    /** Bytes that are not UTF-8 (overlong forms, surrogates, truncated sequences, 0xFF) inside a string or anywhere. */
    public Arbitrary<HostileBody> invalidUtf8() {
        Arbitrary<byte[]> invalid = Arbitraries.of(new byte[] { (byte) 0xC0, (byte) 0x80 },
                new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, new byte[] { (byte) 0xFF },
                new byte[] { (byte) 0xC3 }, new byte[] { (byte) 0xE2, (byte) 0x82 },
                new byte[] { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 }, new byte[] { (byte) 0x80 },
                new byte[] { (byte) 0xFE, (byte) 0xFF });
        return Combinators.combine(field(), invalid, Arbitraries.integers().between(0, 100), Arbitraries.of(true, false))
                .as((field, bytes, at, inString) -> {
                    byte[] doc = utf8(inString ? replace(field, "\"x\u0001y\"") : valid());
                    int marker = indexOf(doc, (byte) 1);
                    int position = inString && marker >= 0 ? marker : doc.length * at / 101;
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(doc, 0, position);
                    out.writeBytes(bytes);
                    out.write(doc, position + (inString && marker >= 0 ? 1 : 0),
                            doc.length - position - (inString && marker >= 0 ? 1 : 0));
                    return new HostileBody("invalid UTF-8", out.toByteArray(), JSON);
                });
    }

    /** A byte order mark, with the document in that encoding or not, and a charset parameter that may disagree. */
    public Arbitrary<HostileBody> byteOrderMarks() {
        Arbitrary<String> encoding = Arbitraries.of("UTF-8", "UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE");
        Arbitrary<String> charset = Arbitraries.of("", "; charset=utf-8", "; charset=UTF-16", "; charset=utf-32",
                "; charset=iso-8859-1", "; charset=bogus", "; charset=");
        return Combinators.combine(encoding, Arbitraries.of(true, false), charset).as((enc, reencode, param) -> {
            byte[] bom = "\uFEFF".getBytes(Charset.forName(enc));
            byte[] doc = reencode ? valid().getBytes(Charset.forName(enc)) : utf8(valid());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(bom);
            out.writeBytes(doc);
            return new HostileBody("byte order marks and charsets", out.toByteArray(), JSON + param);
        });
    }

    /** NUL, lone surrogates, other control characters and line separators, escaped or raw, in values and names. */
    public Arbitrary<HostileBody> controlCharacters() {
        Arbitrary<String> text = Arbitraries.of("\\u0000", "\u0000", "\\ud800", "\\udfff", "\\udc00\\ud800", "\u0007",
                "\\u001b[31m", "\u2028", "\\u202e", "\t", "\\\\", "\\\"", "\\q", "\r\n");
        return Combinators.combine(field(), text, Arbitraries.of(true, false)).as((field, t, inName) -> json(
                "NUL, lone surrogates, control characters",
                inName ? valid().replace("\"" + field + "\"", "\"" + field + t + "\"")
                        : replace(field, "\"a" + t + "b\"")));
    }

    /** A string of 10,000 characters up to the configured maximum, as a value or as a field name. */
    public Arbitrary<HostileBody> longStrings() {
        Arbitrary<Integer> length = Arbitraries.integers().between(10_000, maxLongString);
        return Combinators.combine(field(), length, Arbitraries.chars().alpha().numeric().with('é', '€'),
                Arbitraries.of(true, false)).as((field, n, c, asName) -> {
                    String s = String.valueOf(c).repeat(n / String.valueOf(c).length());
                    return json("very long strings", asName ? valid().replaceFirst("\\{", "{\"" + s + "\":1,")
                            : replace(field, "\"" + s + "\""));
                });
    }

    /** Every field, in turn, given a value of another type. */
    public Arbitrary<HostileBody> wrongTypes() {
        return Combinators.combine(field(), anyValue()).as((field, v) -> json("wrong types", replace(field, v)));
    }

    /** Bodies that are not one document of the expected shape. */
    public Arbitrary<HostileBody> oddDocuments() {
        String valid = valid();
        return Arbitraries.of("", " ", "\n\n", "null", "true", "0", "-1", "\"text\"", "[]", "{}", "[[]]", "[null]",
                "[1,2,3]", "{\"records\":null}", "{\"records\":{}}", "{\"records\":[null,1,\"x\"]}", valid + valid,
                valid + ",", "[" + valid + ",]", "{,}", "{\"a\":1,}", "{'a':1}", "// comment\n" + valid,
                "/* c */" + valid, valid + "garbage", "{\"a\"}", "{\"a\":}", "{:1}", "[" + valid, valid.substring(1),
                "\u0000", "{\"records\":[" + valid + "]}{}", "<xml/>", "a=b&c=d")
                .map(doc -> json("structure (empty, scalar, trailing data)", doc));
    }

    /** The valid document under content types that are wrong, malformed or carry odd parameters. */
    public Arbitrary<HostileBody> contentTypes() {
        byte[] valid = utf8(valid());
        return Arbitraries.of(null, "", "text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data", "multipart/form-data; boundary=", "application/json; charset=utf-16",
                "application/json; charset=\"", "application/json;;;", "application/x-ndjson", "*/*", "json",
                "application/json; boundary=x; charset=utf-8; q=0.1", "APPLICATION/JSON", "application/problem+json",
                "application/octet-stream", "application/json, text/plain", "\u00e9/\u00e9")
                .map(ct -> new HostileBody("content types", valid, ct));
    }

    private Arbitrary<String> field() {
        return Arbitraries.of(new ArrayList<>(template.keySet()));
    }

    static Arbitrary<String> anyValue() {
        return Arbitraries.of("null", "true", "false", "0", "-1", "1.5", "\"\"", "\"text\"", "[]", "{}", "[1,\"a\"]",
                "{\"x\":{}}", "[[[]]]", "\"2026-13-45T25:61:61Z\"", "\"1732441200123\"", "9999999999999999999");
    }

    private String replace(String field, String value) {
        Map<String, String> changed = new LinkedHashMap<>(template);
        changed.put(field, value);
        return document(changed);
    }

    private static String document(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String closing(String opening) {
        return switch (opening) {
            case "[" -> "]";
            case "{\"a\":" -> "}";
            default -> "}]";
        };
    }

    private static HostileBody json(String inputClass, String doc) {
        return new HostileBody(inputClass, utf8(doc), JSON);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
