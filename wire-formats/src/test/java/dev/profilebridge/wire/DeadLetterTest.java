package dev.profilebridge.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    @Test
    void whatIsWrittenIsReadBackBesideTheOriginalHeaders() {
        DeadLetter letter = new DeadLetter("Rejected by the target", "RejectedByTarget", 400, "x".repeat(1500), 3,
                Instant.parse("2026-11-30T10:00:00Z"), Instant.parse("2026-11-30T10:05:00Z"), "marketing-connector",
                new DeadLetter.Origin("profiles.marketing", 4, 123_456_789_012L));
        RecordHeaders headers = new RecordHeaders();
        headers.add(ProfileEventFields.REQUEST_ID_HEADER, "req-1".getBytes());
        letter.writeTo(headers);

        DeadLetter read = DeadLetter.from(headers);
        assertEquals("x".repeat(DeadLetter.MAX_MESSAGE), read.targetMessage(), "SAP's message is cut at 1,000 characters");
        assertEquals(new DeadLetter(letter.reason(), letter.errorClass(), 400, read.targetMessage(), 3,
                letter.firstFailure(), letter.lastFailure(), letter.connector(), letter.origin()), read);
        assertEquals("req-1", DeadLetter.text(headers, ProfileEventFields.REQUEST_ID_HEADER));
    }

    @Test
    void aRecordWithoutDeadLetterHeadersReadsAsEmpty() {
        DeadLetter read = DeadLetter.from(new RecordHeaders());
        assertNull(read.reason());
        assertEquals(-1, read.origin().offset());
        assertNull(read.firstFailure());
    }
}
