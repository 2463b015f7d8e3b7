package dev.profilebridge.token.api;

import java.security.Key;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.UnresolvableKeyException;

import dev.profilebridge.commons.api.Problem;
import dev.profilebridge.token.config.TokenServiceConfig;
import dev.profilebridge.token.domain.Scopes;
import dev.profilebridge.token.keys.SigningKeys;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Guards {@code /admin}: a bearer token that this service issued (verified against its own keys in memory, no HTTP
 * round trip to its JWKS), unexpired, for our audience, with the {@code clients:admin} scope.
 */
public class AdminTokenFilter {

    static final String ADMIN_CLIENT = "profile-bridge.admin-client";

    private final JwtConsumer consumer;

    AdminTokenFilter(SigningKeys keys, TokenServiceConfig config) {
        VerificationKeyResolver byKid = (jws, nested) -> {
            Key key = keys.current().publicKeys().get(jws.getKeyIdHeaderValue());
            if (key == null) {
                throw new UnresolvableKeyException("Unknown signing key " + jws.getKeyIdHeaderValue());
            }
            return key;
        };
        this.consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(30)
                .setExpectedIssuer(config.issuer())
                .setExpectedAudience(config.audience())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .setVerificationKeyResolver(byKid)
                .build();
    }

    @ServerRequestFilter
    public Response requireAdminToken(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.equals("/admin") && !path.startsWith("/admin/")) {
            return null;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return challenge(401, "invalid_request", "A bearer token with scope clients:admin is required");
        }
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(authorization.substring(7).trim());
        } catch (InvalidJwtException e) {
            return challenge(401, "invalid_token", "The bearer token is not valid: " + firstReason(e));
        }
        if (!Scopes.parse(claims.getClaimValueAsString("scope")).contains(Scopes.CLIENTS_ADMIN)) {
            return challenge(403, "insufficient_scope", "The token lacks scope clients:admin");
        }
        request.setProperty(ADMIN_CLIENT, claims.getClaimValueAsString("sub"));
        return null;
    }

    /** jose4j's messages quote the token and name its own exceptions: only the kind of failure is answered. */
    private static String firstReason(InvalidJwtException e) {
        if (e.hasExpired()) {
            return "expired";
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
            return "bad signature";
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID)) {
            return "issued by or for someone else";
        }
        return "unreadable, unsigned or signed by an unknown key";
    }

    private static Response challenge(int status, String error, String detail) {
        return Response.fromResponse(new Problem(status, status == 401 ? "Unauthorized" : "Forbidden", detail)
                .toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"profile-bridge\", error=\"" + error + "\""
                        + (status == 403 ? ", scope=\"clients:admin\"" : ""))
                .build();
    }
}
