package dev.profilebridge.connector.spi;

import java.util.List;
import java.util.Optional;

import io.smallrye.mutiny.Uni;

/**
 * What a connector plugs into the delivery engine (docs/architecture.md, "Adding a connector"): deliver a batch of
 * records (at most one per UID) in one request, and say what became of each, in order. A record that cannot be
 * mapped fails alone ({@link DeliveryOutcome#unmappable}); a failure of the whole request (target unreachable, 429,
 * 5xx) is a failed Uni with a {@link TargetCallException}, which the engine retries, throttles or pauses on.
 */
public interface DeliveryTarget {

    /**
     * Where a target finds the delivery's OpenTelemetry context ({@code io.opentelemetry.context.Context}): in the
     * Mutiny subscriber context of the Uni {@link #deliver} returns ({@code Uni.createFrom().context(...)}). Its calls
     * carry it as their {@code traceparent}; SapODataClient does.
     */
    String TRACE_CONTEXT = "io.opentelemetry.context.Context";

    Uni<List<DeliveryOutcome>> deliver(List<ProfileRecord> batch);

    /**
     * A target whose profiles have ids of their own, found by UID before a first write: how the engine looks them up
     * ahead of delivery. Empty (the default) for a target that keys profiles by their UID.
     */
    default Optional<TargetIdLookup> idLookup() {
        return Optional.empty();
    }
}
