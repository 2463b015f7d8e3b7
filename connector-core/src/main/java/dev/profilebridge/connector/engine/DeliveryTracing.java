package dev.profilebridge.connector.engine;

import java.util.List;

import org.apache.kafka.common.header.Headers;

import dev.profilebridge.wire.TraceContextHeaders;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Continues the traces of the records a request delivers. Ingest writes the W3C trace context of the request that
 * accepted a profile into its record; a request to the target carries several records, so its span continues the
 * trace of the first and links the others (span links are OpenTelemetry's answer for batches), and the SAP calls of
 * the delivery carry that span as their {@code traceparent} (see {@code SapODataClient}).
 * <p>
 * Why by hand: SmallRye's per-message Kafka tracing would make a span per record and is off for its cost (see
 * microprofile-config.properties), and Quarkus' HTTP client tracing cannot know which records a request carries.
 * With the OpenTelemetry SDK off (the default until a collector is configured) no span is made, and the first
 * record's context goes to SAP as it came, so the trace still reaches from the CDC request into SAP.
 */
@ApplicationScoped
public class DeliveryTracing {

    private static final AttributeKey<String> CONNECTOR = AttributeKey.stringKey("profilebridge.connector");
    private static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("messaging.batch.message_count");

    private final Tracer tracer;

    public DeliveryTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("dev.profilebridge.connector");
    }

    /** A delivery's trace: its span (invalid with tracing off) and the context its calls carry. */
    public record Delivery(Span span, Context context) {

        public void succeeded() {
            span.end();
        }

        public void failed(Throwable failure) {
            span.setStatus(StatusCode.ERROR, failure.getMessage());
            span.end();
        }
    }

    /** Starts the trace of a request carrying records with these headers (null for a record without any). */
    public Delivery start(String connector, List<Headers> records) {
        Context first = Context.root();
        SpanBuilder span = tracer.spanBuilder("deliver " + connector).setSpanKind(SpanKind.CLIENT)
                .setAttribute(CONNECTOR, connector).setAttribute(BATCH_SIZE, (long) records.size());
        for (Headers headers : records) {
            Context context = headers == null ? Context.root() : TraceContextHeaders.read(headers);
            SpanContext record = TraceContextHeaders.spanContext(context);
            if (!record.isValid()) {
                continue;
            }
            if (!TraceContextHeaders.spanContext(first).isValid()) {
                first = context;
            } else {
                span.addLink(record);
            }
        }
        Span started = span.setParent(first).startSpan();
        return new Delivery(started, started.getSpanContext().isValid() ? first.with(started) : first);
    }
}
