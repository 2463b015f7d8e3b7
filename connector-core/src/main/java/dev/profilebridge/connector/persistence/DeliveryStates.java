package dev.profilebridge.connector.persistence;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.profilebridge.connector.spi.ProfileRecord;
import io.smallrye.mutiny.Uni;

/**
 * The delta tracking the engine reads and writes: per connector and UID, the last version the target confirmed
 * ({@link DeliveryStateStore} on PostgreSQL; a map in the engine's unit tests).
 */
public interface DeliveryStates {

    Uni<Map<String, DeliveryState>> find(String connector, Collection<String> uids);

    /** Records what the target confirmed; a row never moves back to an older change time. */
    Uni<Void> confirm(String connector, List<ProfileRecord> delivered);
}
