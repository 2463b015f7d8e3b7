package dev.profilebridge.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class ProfileBatchParserTest {

    private final ProfileBatchParser parser = new ProfileBatchParser(new ObjectMapper().getFactory());

    @Test
    void recordsThatAreNotObjectsAreKeptInPlaceToBeRejected() {
        List<CdcAccount> records = parser.parse("[42, {\"UID\":\"a\"}, [1, {}], \"x\", null]"
                .getBytes(StandardCharsets.UTF_8), "application/json", 5);
        assertEquals(5, records.size());
        assertTrue(records.get(1).isObject());
        assertFalse(records.get(0).isObject() || records.get(2).isObject() || records.get(3).isObject()
                || records.get(4).isObject());
    }

    @Test
    void contentAfterTheDocumentIsMalformed() {
        MalformedBodyException e = assertThrows(MalformedBodyException.class,
                () -> parse("{\"UID\":\"a\"}\n{\"UID\":\"b\"}", "application/json"));
        assertEquals(2, e.line());
    }

    @Test
    void anUnclosedArrayIsMalformed() {
        assertThrows(MalformedBodyException.class, () -> parse("[{\"UID\":\"a\"}", "application/json"));
    }

    @Test
    void theRecordLimitHoldsForEveryShape() {
        assertThrows(TooManyRecordsException.class, () -> parse("[{},{},{}]", "application/json"));
        assertThrows(TooManyRecordsException.class, () -> parse("{\"records\":[{},{},{}]}", "application/json"));
        assertThrows(TooManyRecordsException.class, () -> parse("{}\n{}\n{}\n", "application/x-ndjson"));
        assertEquals(2, parse("{}\n\n{}\n", "application/x-ndjson").size());
    }

    private List<CdcAccount> parse(String body, String contentType) {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8), contentType, 2);
    }
}
