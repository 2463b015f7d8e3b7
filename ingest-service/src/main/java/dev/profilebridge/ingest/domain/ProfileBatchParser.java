package dev.profilebridge.ingest.domain;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * Splits a request body into its records. Accepted shapes: one CDC account object (what the dataflow's writer sends
 * per record), a JSON array of accounts (a {@code record.evaluate} script can batch), {@code {"records": [...]}},
 * and {@code application/x-ndjson}, one account per line, for bulk loads.
 */
public final class ProfileBatchParser {

    private final ObjectReader json;
    private final ObjectReader lines;

    public ProfileBatchParser(ObjectMapper mapper) {
        this.json = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).forType(JsonNode.class);
        this.lines = mapper.readerFor(JsonNode.class);
    }

    public List<JsonNode> parse(byte[] body, String contentType, int maxRecords) {
        if (body.length == 0) {
            throw new MalformedBodyException("The body is empty", null, null);
        }
        return isNdjson(contentType) ? parseLines(body, maxRecords) : parseDocument(body, maxRecords);
    }

    private List<JsonNode> parseDocument(byte[] body, int maxRecords) {
        JsonNode document;
        try {
            document = json.readValue(body);
        } catch (IOException e) {
            throw malformed(e);
        }
        List<JsonNode> records = new ArrayList<>();
        if (document.isArray()) {
            document.forEach(records::add);
        } else if (document.isObject() && !document.has("UID") && document.path("records").isArray()) {
            document.get("records").forEach(records::add);
        } else if (document.isObject()) {
            records.add(document);
        } else {
            throw new MalformedBodyException("Expected an account object, an array of accounts or "
                    + "{\"records\": [...]}", null, null);
        }
        if (records.size() > maxRecords) {
            throw new TooManyRecordsException(maxRecords);
        }
        return records;
    }

    private List<JsonNode> parseLines(byte[] body, int maxRecords) {
        List<JsonNode> records = new ArrayList<>();
        try (MappingIterator<JsonNode> values = lines.readValues(body)) {
            while (values.hasNextValue()) {
                records.add(values.nextValue());
                if (records.size() > maxRecords) {
                    throw new TooManyRecordsException(maxRecords);
                }
            }
        } catch (IOException e) {
            throw malformed(e);
        }
        return records;
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
