package dev.profilebridge.ingest.domain;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * Splits a request body into its records. Accepted shapes: one CDC account object (what the dataflow's writer sends
 * per record), a JSON array of accounts (a {@code record.evaluate} script can batch), {@code {"records": [...]}},
 * and {@code application/x-ndjson}, one account per line, for bulk loads. One streaming pass checks the body and
 * notes where each account's root fields lie (see {@link CdcAccount}); no tree is built.
 * <p>
 * What the parse keeps is bounded by the limits, whatever the body: it stops with {@link TooManyRecordsException}
 * as record {@code maxRecords + 1} starts, in every shape; of one record it keeps at most {@code maxFieldsPerRecord}
 * root fields and {@code maxRecordBytes} of them, and marks a record over either limit for rejection (its other
 * fields are skipped, not kept); nesting, numbers, strings and names are bounded by Jackson's stream limits, and a
 * body over them is malformed. Without this, 16 MB of {@code {"a":0},} made two million records, about 700 MB of
 * allocations, before the record limit was checked.
 */
public final class ProfileBatchParser {

    /*
     * Jackson's stream limits, set here rather than left to its defaults (1,000 levels, 1,000 digits), which a
     * profile never comes near: a CDC account nests a few levels deep, and a number of 100 digits is no change time,
     * consent or counter. Names are bounded as they are read everywhere; a string longer than a whole record may be
     * (the constructor's maxStringLength) cannot belong to an acceptable one.
     */
    static final int MAX_NESTING_DEPTH = 64;
    static final int MAX_NUMBER_LENGTH = 100;
    static final int MAX_NAME_LENGTH = 1024;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonFactory factory;
    private final int maxRecordBytes;
    private final int maxFieldsPerRecord;

    /**
     * @param maxRecordBytes the most bytes the root fields of one record may take as sent (what fits in one Kafka
     *        record)
     * @param maxFieldsPerRecord the most root fields one record may have
     */
    public ProfileBatchParser(int maxRecordBytes, int maxFieldsPerRecord) {
        this.maxRecordBytes = maxRecordBytes;
        this.maxFieldsPerRecord = maxFieldsPerRecord;
        this.factory = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxNameLength(MAX_NAME_LENGTH)
                .maxStringLength(maxRecordBytes)
                .build()).build();
    }

    public List<CdcAccount> parse(byte[] body, String contentType, int maxRecords) {
        if (body.length == 0) {
            throw new MalformedBodyException("The body is empty", null, null);
        }
        try (JsonParser parser = factory.createParser(body)) {
            return isNdjson(contentType) ? readLines(parser, body, maxRecords) : readDocument(parser, body, maxRecords);
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    private List<CdcAccount> readDocument(JsonParser parser, byte[] body, int maxRecords) throws IOException {
        JsonToken root = firstToken(parser);
        List<CdcAccount> records = new ArrayList<>();
        if (root == JsonToken.START_ARRAY) {
            readItems(parser, body, records, maxRecords);
        } else if (root == JsonToken.START_OBJECT) {
            CdcAccount account = readAccount(parser, body, records, maxRecords);
            if (account.has("UID") || !account.holds("records", JsonToken.START_ARRAY)) {
                // The records array of an account (not a wrapper) was kept whole: its size counts now.
                refuseIfOverLimits(account);
                records = List.of(account);
            }
        } else {
            throw new MalformedBodyException("Expected an account object, an array of accounts or "
                    + "{\"records\": [...]}", null, null);
        }
        if (parser.nextToken() != null) {
            JsonLocation at = parser.currentTokenLocation();
            throw new MalformedBodyException("Malformed JSON: unexpected content after the document", at.getLineNr(),
                    at.getColumnNr());
        }
        return records;
    }

    private List<CdcAccount> readLines(JsonParser parser, byte[] body, int maxRecords) throws IOException {
        List<CdcAccount> records = new ArrayList<>();
        for (JsonToken token = firstToken(parser); token != null; token = parser.nextToken()) {
            addRecord(parser, body, token, records, maxRecords);
        }
        return records;
    }

    /** The splicing needs byte offsets, which Jackson gives only for UTF-8 (what RFC 8259 requires anyway). */
    private static JsonToken firstToken(JsonParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        if (token != null && parser.currentTokenLocation().getByteOffset() < 0) {
            throw new MalformedBodyException("The body must be UTF-8 encoded JSON", null, null);
        }
        return token;
    }

    private void readItems(JsonParser parser, byte[] body, List<CdcAccount> into, int maxRecords)
            throws IOException {
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            addRecord(parser, body, token, into, maxRecords);
        }
    }

    /** Checked before the record is read: nothing of the records past the limit is kept. */
    private void addRecord(JsonParser parser, byte[] body, JsonToken token, List<CdcAccount> into, int maxRecords)
            throws IOException {
        if (into.size() == maxRecords) {
            throw new TooManyRecordsException(maxRecords);
        }
        if (token == JsonToken.START_OBJECT) {
            into.add(readAccount(parser, body, null, maxRecords));
        } else {
            parser.skipChildren();
            into.add(CdcAccount.NOT_AN_OBJECT);
        }
    }

    /**
     * Reads an object's root fields. {@code wrapped}, when given, receives the items of a {@code records} array: the
     * object may be the {@code {"records": [...]}} wrapper, which only its end tells.
     */
    private CdcAccount readAccount(JsonParser parser, byte[] body, List<CdcAccount> wrapped, int maxRecords)
            throws IOException {
        CdcAccount account = new CdcAccount(body);
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            int nameStart = (int) parser.currentTokenLocation().getByteOffset();
            JsonToken token = parser.nextToken();
            int start = (int) parser.currentTokenLocation().getByteOffset();
            boolean records = wrapped != null && token == JsonToken.START_ARRAY && name.equals("records");
            JsonNode scalar = null;
            if (records) {
                wrapped.clear();
                readItems(parser, body, wrapped, maxRecords);
            } else if (token.isStructStart() || account.refusal() != null) {
                parser.skipChildren();
            } else {
                scalar = scalar(parser, token);
            }
            if (records || account.refusal() == null) {
                account.put(name, nameStart, start, (int) parser.currentLocation().getByteOffset(), token, scalar);
            }
            if (!records) {
                refuseIfOverLimits(account);
            }
        }
        return account;
    }

    /** A wrapper's records array is not part of the account it might be, so {@link #readAccount} leaves it out. */
    private void refuseIfOverLimits(CdcAccount account) {
        if (account.refusal() != null) {
            return;
        }
        if (account.names().size() > maxFieldsPerRecord) {
            account.refuse("the record has more than " + maxFieldsPerRecord + " root fields");
        } else if (account.size() > maxRecordBytes) {
            account.refuse("the record's fields take more than " + maxRecordBytes
                    + " bytes, more than one Kafka record holds with the event's own fields");
        }
    }

    /** Reading a string to its end also moves the parser's location past its closing quote. */
    private static JsonNode scalar(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? NODES.numberNode(parser.getBigIntegerValue())
                    : NODES.numberNode(parser.getLongValue());
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> BooleanNode.TRUE;
            case VALUE_FALSE -> BooleanNode.FALSE;
            default -> NullNode.instance;
        };
    }

    private static MalformedBodyException malformed(IOException e) {
        if (e instanceof JsonProcessingException parsing) {
            JsonLocation location = parsing.getLocation();
            return new MalformedBodyException("Malformed JSON: " + parsing.getOriginalMessage(),
                    location == null ? null : location.getLineNr(), location == null ? null : location.getColumnNr());
        }
        return new MalformedBodyException("The body could not be read: " + e.getMessage(), null, null);
    }

    private static boolean isNdjson(String contentType) {
        return contentType != null && (contentType.contains("ndjson") || contentType.contains("jsonl")
                || contentType.contains("json-seq"));
    }
}
