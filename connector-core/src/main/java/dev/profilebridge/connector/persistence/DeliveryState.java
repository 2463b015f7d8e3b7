package dev.profilebridge.connector.persistence;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * The last version of one CDC profile that a connector's target confirmed. A record whose change time is not
 * newer than {@link #changedAt} is stale and is not delivered again.
 */
@Entity
@Table(name = "delivery_state")
@IdClass(DeliveryState.Key.class)
public class DeliveryState {

    @Id
    public String connector;

    @Id
    public String uid;

    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;

    @Column(name = "source_topic", nullable = false)
    public String sourceTopic;

    @Column(name = "source_partition", nullable = false)
    public int sourcePartition;

    @Column(name = "source_offset", nullable = false)
    public long sourceOffset;

    /** The target's own id for this profile, where the target needs one (a C4C ObjectID, for example). */
    @Column(name = "target_id")
    public String targetId;

    /** The target's version tag of {@link #targetId} (a C4C ETag), for optimistic locking on the next update. */
    @Column(name = "target_etag")
    public String targetEtag;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static class Key implements Serializable {
        public String connector;
        public String uid;

        public Key() {
        }

        public Key(String connector, String uid) {
            this.connector = connector;
            this.uid = uid;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && connector.equals(key.connector) && uid.equals(key.uid);
        }

        @Override
        public int hashCode() {
            return Objects.hash(connector, uid);
        }
    }
}
