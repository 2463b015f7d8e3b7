package dev.profilebridge.token.persistence;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A registered OAuth 2.0 client: who may ask for tokens, with which scopes, for how long. */
@Entity
@Table(name = "oauth_client")
public class OAuthClient extends PanacheEntityBase {

    @Id
    @Column(name = "client_id")
    public String clientId;

    public String description;

    @Column(nullable = false)
    public boolean enabled = true;

    /** Space-delimited, as in the OAuth 2.0 {@code scope} parameter. */
    @Column(name = "allowed_scopes", nullable = false)
    public String allowedScopes;

    @Column(name = "token_lifetime_seconds", nullable = false)
    public int tokenLifetimeSeconds = 3600;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** When the client was last disabled or had its secret rotated: its tokens from before are revoked. */
    @Column(name = "tokens_not_before")
    public Instant tokensNotBefore;
}
