package dev.profilebridge.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.opentelemetry.context.Context;

class TraceContextHeadersTest {

    private static final String CALLER = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aCallersContextGoesIntoTheRecordAndComesBackUnchanged() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(TraceContextHeaders.TRACEPARENT, "stale".getBytes(StandardCharsets.UTF_8));

        TraceContextHeaders.write(TraceContextHeaders.parse(CALLER), headers);

        assertEquals(1, headers.toArray().length, "the header is replaced, not added twice");
        Context read = TraceContextHeaders.read(headers);
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", TraceContextHeaders.spanContext(read).getTraceId());
        assertEquals("00f067aa0ba902b7", TraceContextHeaders.spanContext(read).getSpanId());
        assertEquals(CALLER, TraceContextHeaders.traceparent(read));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "garbage", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01\r\nx: y" })
    void aContextThatIsNotValidW3cIsNotCarried(String traceparent) {
        RecordHeaders headers = new RecordHeaders();

        TraceContextHeaders.write(TraceContextHeaders.parse(traceparent), headers);

        assertEquals(0, headers.toArray().length);
        assertFalse(TraceContextHeaders.spanContext(TraceContextHeaders.read(headers)).isValid());
        assertNull(TraceContextHeaders.traceparent(TraceContextHeaders.parse(traceparent)));
    }
}
