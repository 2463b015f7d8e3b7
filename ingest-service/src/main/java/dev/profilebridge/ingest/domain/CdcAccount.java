package dev.profilebridge.ingest.domain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * One record of a request as {@link ProfileBatchParser} found it: the request body, and where each root field's value
 * lies in it. The values are copied into the Kafka event as they came instead of being parsed into a tree and written
 * again, which was most of the CPU time of a large request. Root scalars are read as they pass (validation needs UID
 * and the change time); objects and arrays are parsed only when a route condition looks inside them.
 */
public final class CdcAccount {

    /** A record that is a string, a number, an array...: it is reported as rejected. */
    static final CdcAccount NOT_AN_OBJECT = new CdcAccount(null);

    /** For route conditions only; a plain mapper is enough to read a tree of a part the parser already checked. */
    private static final ObjectReader TREES = new ObjectMapper().readerFor(JsonNode.class);

    private final byte[] body;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private int size;
    private String refusal;

    /**
     * Bytes [start, end) of the body hold the value, and [nameStart, start) the quoted name and colon; {@code scalar}
     * is the value, read, unless it is an object or array.
     */
    private record Field(int nameStart, int start, int end, JsonToken token, JsonNode scalar) {
    }

    CdcAccount(byte[] body) {
        this.body = body;
    }

    /** A repeated field name replaces the earlier value in place, as Jackson's tree does. */
    void put(String name, int nameStart, int start, int end, JsonToken token, JsonNode scalar) {
        fields.put(name, new Field(nameStart, start, end, token, scalar));
        size += end - nameStart;
    }

    /** Over a limit of one record: its remaining fields were skipped, and validation rejects it for this reason. */
    void refuse(String reason) {
        refusal = reason;
    }

    /** Why the record cannot be accepted whatever its fields hold, or null. */
    public String refusal() {
        return refusal;
    }

    /** About how many bytes the account's fields take: what a copy of it needs room for. */
    public int size() {
        return size;
    }

    public boolean isObject() {
        return body != null;
    }

    public Set<String> names() {
        return fields.keySet();
    }

    public boolean has(String name) {
        return fields.containsKey(name);
    }

    public boolean holds(String name, JsonToken token) {
        Field field = fields.get(name);
        return field != null && field.token == token;
    }

    /** The value of a root field (null when absent); an object or array is parsed here, on demand. */
    public JsonNode get(String name) {
        Field field = fields.get(name);
        if (field == null || field.scalar != null) {
            return field == null ? null : field.scalar;
        }
        try {
            return TREES.readValue(body, field.start, field.end - field.start);
        } catch (IOException e) {
            throw new UncheckedIOException("A part the parser accepted could not be read again", e);
        }
    }

    /** Appends the JSON text of a root field's value, exactly as the caller sent it. */
    void copyValue(String name, ByteArrayBuilder out) {
        Field field = fields.get(name);
        out.write(body, field.start, field.end - field.start);
    }

    /** Appends {@code "name": value} as the caller sent it (its spacing and escapes included). */
    void copyField(String name, ByteArrayBuilder out) {
        Field field = fields.get(name);
        out.write(body, field.nameStart, field.end - field.nameStart);
    }
}
