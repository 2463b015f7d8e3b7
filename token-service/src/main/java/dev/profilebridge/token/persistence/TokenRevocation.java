package dev.profilebridge.token.persistence;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** From {@link #effectiveAt}, the client's tokens issued before {@link #notBefore} are revoked. */
@Entity
@Table(name = "token_revocation")
public class TokenRevocation extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "client_id", nullable = false)
    public String clientId;

    @Column(name = "not_before", nullable = false)
    public Instant notBefore;

    @Column(name = "effective_at", nullable = false)
    public Instant effectiveAt;
}
