package dev.profilebridge.commons.api;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * RFC 6750 challenges with RFC 9457 bodies for missing, invalid and under-scoped bearer tokens, for every service that
 * checks tokens from token-service (ingest-service, the connectors' operator API).
 */
public class SecurityProblems {

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    Response unauthorized(RuntimeException failure) {
        return Response.fromResponse(new Problem(401, "Unauthorized", detail(failure)).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"profile-bridge\", error=\"invalid_token\"")
                .build();
    }

    private static String detail(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RejectedTokenException rejected) {
                return rejected.getMessage();
            }
        }
        return "A valid bearer token from token-service is required";
    }

    @ServerExceptionMapper
    Response forbidden(ForbiddenException e) {
        return Response.fromResponse(new Problem(403, "Forbidden", "The token lacks the scope this call needs")
                .toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"profile-bridge\", error=\"insufficient_scope\"")
                .build();
    }
}
