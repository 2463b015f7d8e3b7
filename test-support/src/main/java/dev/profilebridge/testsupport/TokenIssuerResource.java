package dev.profilebridge.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a service that verifies token-service's tokens at {@link TokenIssuerFixture}: the JWKS location, the
 * issuer and the audience, under the names smallrye-jwt reads, and the revocation document (token-check reads it).
 */
public class TokenIssuerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        TokenIssuerFixture issuer = TokenIssuerFixture.shared();
        return Map.of(
                "mp.jwt.verify.publickey.location", issuer.jwksUrl(),
                "mp.jwt.verify.issuer", issuer.issuer(),
                "mp.jwt.verify.audiences", TokenIssuerFixture.AUDIENCE,
                "PB_TOKEN_REVOCATIONS_URL", issuer.revocationsUrl());
    }

    @Override
    public void stop() {
        // Shared by every application instance of the JVM; its shutdown hook stops it.
    }
}
