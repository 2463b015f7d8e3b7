package dev.profilebridge.connector.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import dev.profilebridge.wire.TraceContextHeaders;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;

/** A request's span continues its first traced record's trace and links the others; with tracing off the first goes on. */
class DeliveryTracingTest {

    private static final String TRACE_A = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN_A = "00f067aa0ba902b7";
    private static final String TRACE_B = "0af7651916cd43dd8448eb211c80319c";
    private static final String SPAN_B = "b7ad6b7169203331";

    private final List<SpanData> ended = new CopyOnWriteArrayList<>();
    private final OpenTelemetry sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(new Recording()).build()).build();

    @Test
    void theSpanContinuesTheFirstTracedRecordAndLinksTheOthers() {
        DeliveryTracing.Delivery delivery = new DeliveryTracing(sdk).start("marketing-connector",
                Arrays.asList(traced(TRACE_A, SPAN_A), null, new RecordHeaders(), traced(TRACE_B, SPAN_B)));
        delivery.succeeded();

        assertEquals(1, ended.size());
        SpanData span = ended.get(0);
        assertEquals("deliver marketing-connector", span.getName());
        assertEquals(SpanKind.CLIENT, span.getKind());
        assertEquals(TRACE_A, span.getTraceId(), "the first traced record's trace");
        assertEquals(SPAN_A, span.getParentSpanId());
        assertEquals(1, span.getLinks().size());
        assertEquals(TRACE_B, span.getLinks().get(0).getSpanContext().getTraceId());
        assertEquals(SPAN_B, span.getLinks().get(0).getSpanContext().getSpanId());
        assertEquals("marketing-connector", span.getAttributes().get(AttributeKey.stringKey("profilebridge.connector")));
        assertEquals(4L, span.getAttributes().get(AttributeKey.longKey("messaging.batch.message_count")));
        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
        assertEquals(span.getSpanId(), Span.fromContext(delivery.context()).getSpanContext().getSpanId(),
                "the SAP calls carry the delivery's span");
    }

    @Test
    void aFailedDeliveryEndsItsSpanAsAnError() {
        new DeliveryTracing(sdk).start("c", List.of(traced(TRACE_A, SPAN_A))).failed(new IllegalStateException("SAP down"));

        assertEquals(StatusCode.ERROR, ended.get(0).getStatus().getStatusCode());
        assertEquals("SAP down", ended.get(0).getStatus().getDescription());
    }

    @Test
    void recordsWithoutTraceStartANewTraceWithoutLinks() {
        DeliveryTracing.Delivery delivery = new DeliveryTracing(sdk).start("c", Arrays.asList(null, new RecordHeaders()));
        delivery.succeeded();

        SpanData span = ended.get(0);
        assertFalse(span.getParentSpanContext().isValid());
        assertTrue(span.getLinks().isEmpty());
        assertNotEquals(TRACE_A, span.getTraceId());
    }

    @Test
    void withTracingOffTheFirstTracedRecordsContextGoesOnAsItCame() {
        DeliveryTracing.Delivery delivery = new DeliveryTracing(OpenTelemetry.noop()).start("c",
                Arrays.asList(null, traced(TRACE_A, SPAN_A), traced(TRACE_B, SPAN_B)));
        delivery.succeeded();

        assertEquals("00-" + TRACE_A + "-" + SPAN_A + "-01", TraceContextHeaders.traceparent(delivery.context()));
        assertTrue(ended.isEmpty());
    }

    private static Headers traced(String traceId, String spanId) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(TraceContextHeaders.TRACEPARENT,
                ("00-" + traceId + "-" + spanId + "-01").getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** Keeps every span that ends. */
    private final class Recording implements SpanProcessor {
        @Override
        public void onStart(Context parent, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
            ended.add(span.toSpanData());
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }
    }
}
