package dev.profilebridge.ingest.domain;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * Splits a request body into its records. Accepted shapes: one CDC account object (what the dataflow's writer sends
 * per record), a JSON array of accounts (a {@code record.evaluate} script can batch), {@code {"records": [...]}},
 * and {@code application/x-ndjson}, one account per line, for bulk loads. One streaming pass checks the whole body
 * and notes where each account's root fields lie (see {@link CdcAccount}); no tree is built.
 */
public final class ProfileBatchParser {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonFactory factory;

    public ProfileBatchParser(JsonFactory factory) {
        this.factory = factory;
    }

    public List<CdcAccount> parse(byte[] body, String contentType, int maxRecords) {
        if (body.length == 0) {
            throw new MalformedBodyException("The body is empty", null, null);
        }
        try (JsonParser parser = factory.createParser(body)) {
            List<CdcAccount> records = isNdjson(contentType) ? readLines(parser, body, maxRecords)
                    : readDocument(parser, body);
            if (records.size() > maxRecords) {
                throw new TooManyRecordsException(maxRecords);
            }
            return records;
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    private List<CdcAccount> readDocument(JsonParser parser, byte[] body) throws IOException {
        JsonToken root = firstToken(parser);
        List<CdcAccount> records = new ArrayList<>();
        if (root == JsonToken.START_ARRAY) {
            readItems(parser, body, records);
        } else if (root == JsonToken.START_OBJECT) {
            CdcAccount account = readAccount(parser, body, records);
            if (account.has("UID") || !account.holds("records", JsonToken.START_ARRAY)) {
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
            records.add(readRecord(parser, body, token));
            if (records.size() > maxRecords) {
                throw new TooManyRecordsException(maxRecords);
            }
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

    private void readItems(JsonParser parser, byte[] body, List<CdcAccount> into) throws IOException {
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            into.add(readRecord(parser, body, token));
        }
    }

    private CdcAccount readRecord(JsonParser parser, byte[] body, JsonToken token) throws IOException {
        if (token == JsonToken.START_OBJECT) {
            return readAccount(parser, body, null);
        }
        parser.skipChildren();
        return CdcAccount.NOT_AN_OBJECT;
    }

    /**
     * Reads an object's root fields. {@code wrapped}, when given, receives the items of a {@code records} array: the
     * object may be the {@code {"records": [...]}} wrapper, which only its end tells.
     */
    private CdcAccount readAccount(JsonParser parser, byte[] body, List<CdcAccount> wrapped) throws IOException {
        CdcAccount account = new CdcAccount(body);
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            int nameStart = (int) parser.currentTokenLocation().getByteOffset();
            JsonToken token = parser.nextToken();
            int start = (int) parser.currentTokenLocation().getByteOffset();
            JsonNode scalar = null;
            if (wrapped != null && token == JsonToken.START_ARRAY && name.equals("records")) {
                wrapped.clear();
                readItems(parser, body, wrapped);
            } else if (token.isStructStart()) {
                parser.skipChildren();
            } else {
                scalar = scalar(parser, token);
            }
            account.put(name, nameStart, start, (int) parser.currentLocation().getByteOffset(), token, scalar);
        }
        return account;
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
