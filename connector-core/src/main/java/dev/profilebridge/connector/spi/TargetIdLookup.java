package dev.profilebridge.connector.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.mutiny.Uni;

/**
 * How a target that keeps profiles under ids of its own (C4C's ObjectID) finds them by UID ahead of their delivery.
 * Without it, a first-time UID's lookup and its write run one after the other inside one request slot; with it, the
 * engine looks up the ids of several upcoming records in one call of its own (a call to the target like any other:
 * it takes a request slot of the tenant's budget), a round before the writes that need them.
 * <p>
 * The engine hands each answer to exactly one delivery attempt of the record it was asked for, and asks only for a
 * UID's head record while none of that UID's records is out at the target: between the lookup and that attempt,
 * nothing else writes the UID (see docs/connectors.md, "Looking target ids up ahead").
 */
public interface TargetIdLookup {

    /** The target's id for a profile and, when known, its version tag (ETag). */
    record TargetId(String id, String etag) {
    }

    /** The most UIDs one call looks up. */
    int maxUids();

    /**
     * For each UID the target answered about: its id, or empty when the target holds no profile with that UID. UIDs
     * missing from the map were not answered (their delivery looks them up itself). A failure of the whole call is a
     * failed Uni with a {@link TargetCallException}.
     */
    Uni<Map<String, Optional<TargetId>>> find(List<String> uids);
}
