package dev.profilebridge.token.persistence;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A token signing key shared by every replica; the private half is encrypted under the key-encryption key. */
@Entity
@Table(name = "signing_key")
public class SigningKey extends PanacheEntityBase {

    @Id
    public String kid;

    @Column(nullable = false)
    public String algorithm;

    /** The public key as a JSON Web Key, exactly as the JWKS publishes it. */
    @Column(name = "public_jwk", nullable = false)
    public String publicJwk;

    @Column(name = "private_key", nullable = false)
    public byte[] privateKey;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** When it starts signing: published from {@link #createdAt}, so that verifiers know it before. */
    @Column(name = "activates_at", nullable = false)
    public Instant activatesAt;

    /** When a newer key replaced this one; null while it signs or waits to. */
    @Column(name = "retired_at")
    public Instant retiredAt;

    /** When every token this key signed has expired, so it leaves the JWKS (or the list of revoked keys). */
    @Column(name = "expires_at")
    public Instant expiresAt;

    /** When an emergency rotation took it out of service: no longer published, its tokens revoked. */
    @Column(name = "revoked_at")
    public Instant revokedAt;
}
