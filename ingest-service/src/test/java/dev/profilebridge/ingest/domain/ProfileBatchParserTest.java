package dev.profilebridge.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileBatchParserTest {

    private final ProfileBatchParser parser = new ProfileBatchParser(1024 * 1024, 256);

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

    /**
     * 16 MB of {@code {"a":0},} is about two million objects: the parser must stop at record 1,001 without making
     * anything of the rest. What this thread allocates while parsing tells: the records before the limit and the
     * parser's buffers are far less than the body, one object per record over the whole body far more.
     */
    @ParameterizedTest
    @ValueSource(strings = { "[%s]", "{\"records\":[%s]}", "ndjson" })
    void theRecordLimitStopsTheParseLongBeforeTheEndOfAHugeBody(String shape) {
        int records = 2_000_000;
        byte[] body = tinyObjects(records, shape);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        TooManyRecordsException e = assertThrows(TooManyRecordsException.class,
                () -> parser.parse(body, shape.equals("ndjson") ? "application/x-ndjson" : "application/json", 1000));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(1000, e.limit());
        assertTrue(allocated < body.length / 4, "parsing " + body.length + " bytes allocated " + allocated);
    }

    @Test
    void nestingDeeperThanTheLimitIsMalformed() {
        String deep = "{\"UID\":\"a\",\"data\":" + "[".repeat(70) + "]".repeat(70) + "}";
        MalformedBodyException e = assertThrows(MalformedBodyException.class, () -> parse(deep, "application/json"));
        assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
        assertEquals(1, parse("{\"UID\":\"a\",\"data\":" + "[".repeat(60) + "]".repeat(60) + "}",
                "application/json").size());
    }

    @Test
    void aNumberLongerThanTheLimitIsMalformedWhereverItIs() {
        String digits = "1".repeat(101);
        assertThrows(MalformedBodyException.class, () -> parse("{\"UID\":\"a\",\"n\":" + digits + "}", "application/json"));
        assertThrows(MalformedBodyException.class,
                () -> parse("{\"UID\":\"a\",\"data\":{\"n\":[" + digits + "]}}", "application/json"));
    }

    @Test
    void aRecordOverTheSizeOrFieldLimitIsRefusedAloneAndNotKept() {
        ProfileBatchParser small = new ProfileBatchParser(100, 3);
        String large = "{\"UID\":\"big\",\"data\":{\"p\":\"" + "x".repeat(200) + "\"},\"after\":1}";
        String wide = "{\"UID\":\"wide\",\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5}";
        List<CdcAccount> records = small.parse(("{\"records\":[{\"UID\":\"ok\"}," + large + "," + wide + "]}")
                .getBytes(StandardCharsets.UTF_8), "application/json", 10);
        assertEquals(3, records.size());
        assertEquals(null, records.get(0).refusal());
        assertTrue(records.get(1).refusal().contains("more than 100 bytes"), records.get(1).refusal());
        assertFalse(records.get(1).has("after"), "fields after the limit are skipped");
        assertTrue(records.get(2).refusal().contains("more than 3 root fields"), records.get(2).refusal());
        assertEquals(4, records.get(2).names().size());
        assertEquals("big", records.get(1).get("UID").textValue());
    }

    @Test
    void aRootStringLongerThanARecordMayBeIsMalformed() {
        ProfileBatchParser small = new ProfileBatchParser(100, 3);
        assertThrows(MalformedBodyException.class, () -> small.parse(("{\"UID\":\"" + "u".repeat(101) + "\"}")
                .getBytes(StandardCharsets.UTF_8), "application/json", 10));
    }

    private static byte[] tinyObjects(int count, String shape) {
        String separator = shape.equals("ndjson") ? "\n" : ",";
        String objects = String.join(separator, Collections.nCopies(count, "{\"a\":0}"));
        return (shape.equals("ndjson") ? objects : shape.formatted(objects)).getBytes(StandardCharsets.UTF_8);
    }

    private List<CdcAccount> parse(String body, String contentType) {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8), contentType, 2);
    }
}
