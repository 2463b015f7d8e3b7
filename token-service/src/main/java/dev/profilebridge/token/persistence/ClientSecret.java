package dev.profilebridge.token.persistence;

import java.time.Instant;
import java.util.List;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One secret of a client, as a slow salted hash. */
@Entity
@Table(name = "client_secret")
public class ClientSecret extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "client_id", nullable = false)
    public String clientId;

    @Column(nullable = false)
    public String hash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Null while the secret is current; the end of the grace period once a rotation replaced it. */
    @Column(name = "expires_at")
    public Instant expiresAt;

    public boolean isValidAt(Instant now) {
        return expiresAt == null || expiresAt.isAfter(now);
    }

    public static Uni<List<ClientSecret>> validFor(String clientId, Instant now) {
        return list("clientId = ?1 and (expiresAt is null or expiresAt > ?2) order by createdAt", clientId, now);
    }
}
