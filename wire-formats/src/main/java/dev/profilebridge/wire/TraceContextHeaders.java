package dev.profilebridge.wire;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;

/**
 * The W3C trace context ({@code traceparent}, {@code tracestate}) of a profile event, as ingest writes it into the
 * record's headers and the connectors read it back. Always W3C, whatever propagators a service configures: it is the
 * format the record's readers (our connectors, a console consumer, SAP's own tracing) agree on. A context that is not
 * valid W3C is not carried at all rather than carried as the caller wrote it.
 */
public final class TraceContextHeaders {

    public static final String TRACEPARENT = "traceparent";

    private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Headers> KAFKA_HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            return () -> java.util.stream.StreamSupport.stream(headers.spliterator(), false).map(Header::key).iterator();
        }

        @Override
        public String get(Headers headers, String key) {
            return headers == null ? null : DeadLetter.text(headers, key);
        }
    };

    private static final TextMapGetter<String> TRACEPARENT_ONLY = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String traceparent) {
            return java.util.List.of(TRACEPARENT);
        }

        @Override
        public String get(String traceparent, String key) {
            return TRACEPARENT.equals(key) ? traceparent : null;
        }
    };

    private TraceContextHeaders() {
    }

    /** The trace context a record carries; {@link Context#root()} when it carries none (or none that is valid). */
    public static Context read(Headers headers) {
        return W3C.extract(Context.root(), headers, KAFKA_HEADERS);
    }

    /** The context of a {@code traceparent} header value; {@link Context#root()} when absent or not valid W3C. */
    public static Context parse(String traceparent) {
        return traceparent == null ? Context.root() : W3C.extract(Context.root(), traceparent, TRACEPARENT_ONLY);
    }

    /** Writes the context's span into the headers; nothing when it has no valid span. */
    public static void write(Context context, Headers headers) {
        W3C.inject(context, headers, (carrier, key, value) -> carrier.remove(key)
                .add(key, value.getBytes(StandardCharsets.UTF_8)));
    }

    /** The {@code traceparent} value of the context's span; null when it has none. */
    public static String traceparent(Context context) {
        StringBuilder value = new StringBuilder();
        W3C.inject(context, value, (carrier, key, text) -> {
            if (TRACEPARENT.equals(key)) {
                carrier.append(text);
            }
        });
        return value.length() == 0 ? null : value.toString();
    }

    /** The span context of a context (invalid when it has none). */
    public static SpanContext spanContext(Context context) {
        return Span.fromContext(context).getSpanContext();
    }
}
