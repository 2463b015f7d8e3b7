package dev.profilebridge.token.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.profilebridge.token.config.TokenServiceConfig;
import dev.profilebridge.token.keys.SigningKeys;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** What a standard JWT library or OIDC client needs to verify our tokens: the JWKS and the discovery document. */
@Path("/.well-known")
public class DiscoveryResource {

    private final SigningKeys keys;
    private final TokenServiceConfig config;

    DiscoveryResource(SigningKeys keys, TokenServiceConfig config) {
        this.keys = keys;
        this.config = config;
    }

    @GET
    @Path("/jwks.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response jwks() {
        // Short caching: new keys are published well ahead (token-service.keys.publish-ahead), and an emergency
        // rotation must show within a minute.
        return Response.ok(keys.current().jwksJson()).header("Cache-Control", "public, max-age=60").build();
    }

    @GET
    @Path("/openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> openIdConfiguration() {
        String issuer = config.issuer();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        document.put("token_endpoint", issuer + "/oauth/token");
        document.put("jwks_uri", issuer + "/.well-known/jwks.json");
        // Not a standard member: where verifiers poll for revoked tokens (RevocationResource).
        document.put("revocations_uri", issuer + "/oauth/revocations");
        document.put("grant_types_supported", List.of("client_credentials"));
        document.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        document.put("scopes_supported", config.scopes());
        document.put("response_types_supported", List.of("token"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of(SigningKeys.ALGORITHM));
        document.put("access_token_signing_alg_values_supported", List.of(SigningKeys.ALGORITHM));
        return document;
    }
}
