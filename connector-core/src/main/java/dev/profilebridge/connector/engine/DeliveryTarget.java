package dev.profilebridge.connector.engine;

import java.util.List;

import io.smallrye.mutiny.Uni;

/**
 * What a connector plugs into the delivery engine: deliver a batch of records (at most one per UID) in one request,
 * and say what became of each, in order. A failure of the whole request (SAP unreachable, 429, 5xx) is a failed Uni
 * with a {@link dev.profilebridge.connector.sap.SapCallException}; the engine retries or pauses on it.
 */
public interface DeliveryTarget {

    Uni<List<DeliveryOutcome>> deliver(List<ProfileRecord> batch);
}
