package dev.profilebridge.token.api;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.profilebridge.token.domain.TokenRevocations;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The revocation document that verifiers (ingest-service) poll: per client, the {@code iat} before which its tokens
 * are revoked, and the keys an emergency rotation revoked. Public, like the JWKS: it names client ids and key ids,
 * no secret. Read from PostgreSQL on each request, so every replica answers the same at once.
 */
@Path("/oauth/revocations")
public class RevocationResource {

    private final TokenRevocations revocations;

    RevocationResource(TokenRevocations revocations) {
        this.revocations = revocations;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revoked tokens: {\"notBefore\": {client id: epoch seconds}, \"revokedKeys\": [kid]}")
    public Uni<Response> revocations() {
        return revocations.published(Instant.now())
                .map(document -> Response.ok(document).header("Cache-Control", "no-store").build());
    }
}
