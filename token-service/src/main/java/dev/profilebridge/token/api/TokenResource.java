package dev.profilebridge.token.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.profilebridge.commons.api.BodyOverLimit;
import dev.profilebridge.token.domain.AuthenticatedClient;
import dev.profilebridge.token.domain.ClientAuthenticator;
import dev.profilebridge.token.domain.OAuthException;
import dev.profilebridge.token.domain.TokenIssuer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** The OAuth 2.0 token endpoint (RFC 6749 §4.4, client credentials). */
@Path("/oauth/token")
public class TokenResource {

    private static final Logger LOG = Logger.getLogger(TokenResource.class);

    private final ClientAuthenticator authenticator;
    private final TokenIssuer issuer;
    private final ClientAddressResolver addresses;

    TokenResource(ClientAuthenticator authenticator, TokenIssuer issuer, ClientAddressResolver addresses) {
        this.authenticator = authenticator;
        this.issuer = issuer;
        this.addresses = addresses;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue an access token for the client-credentials grant")
    public Uni<Response> token(@Context HttpHeaders headers, @Context UriInfo uri, @Context HttpServerRequest http,
            byte[] body) {
        TokenRequest request = TokenRequestParser.parse(headers.getHeaderString(HttpHeaders.AUTHORIZATION),
                headers.getHeaderString(HttpHeaders.CONTENT_TYPE), uri.getQueryParameters(), body);
        String caller = addresses.clientAddress(http.connection().remoteAddress(),
                headers.getRequestHeader("X-Forwarded-For"));
        return authenticator.authenticate(request.credentials(), caller)
                .map(client -> granted(client, request.scopes()));
    }

    private Response granted(AuthenticatedClient client, Set<String> requested) {
        if (!client.enabled()) {
            throw OAuthException.unauthorizedClient("Client " + client.clientId() + " is disabled");
        }
        if (client.allowedScopes().isEmpty()) {
            throw OAuthException.unauthorizedClient("Client " + client.clientId() + " has no scopes");
        }
        if (!client.allowedScopes().containsAll(requested)) {
            throw OAuthException.invalidScope("Scopes not allowed for this client: "
                    + requested.stream().filter(s -> !client.allowedScopes().contains(s)).sorted().toList());
        }
        Instant now = Instant.now();
        TokenIssuer.IssuedToken token = issuer.issue(client, requested.isEmpty() ? client.allowedScopes() : requested,
                now);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.accessToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", token.expiresInSeconds(now));
        body.put("scope", token.scope());
        return noStore(Response.ok(body, MediaType.APPLICATION_JSON_TYPE)).build();
    }

    @ServerExceptionMapper
    Response oauthError(OAuthException error) {
        Response.ResponseBuilder response = Response.status(error.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(errorBody(error.error(), error.getMessage()));
        if (error.status() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"profile-bridge\", charset=\"UTF-8\"");
        }
        if (error.retryAfter() != null) {
            response.header("Retry-After", error.retryAfter().toSeconds());
        }
        return noStore(response).build();
    }

    /** The token endpoint speaks RFC 6749 even when something unexpected breaks: {@code server_error}. */
    @ServerExceptionMapper(priority = Integer.MAX_VALUE)
    Response unexpected(Throwable error) {
        if (BodyOverLimit.is(error)) {
            // The HTTP layer answered 413 already (a streamed body over the limit): the caller's doing, no error of ours.
            return noStore(Response.status(413).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(errorBody("invalid_request", "The request body is over the size limit"))).build();
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(error, "Token request failed unexpectedly (error id %s)", errorId);
        return noStore(Response.serverError().type(MediaType.APPLICATION_JSON_TYPE)
                .entity(errorBody("server_error", "The token could not be issued; error id " + errorId))).build();
    }

    private static Map<String, String> errorBody(String error, String description) {
        return Map.of("error", error, "error_description", description);
    }

    private static Response.ResponseBuilder noStore(Response.ResponseBuilder response) {
        return response.header("Cache-Control", "no-store").header("Pragma", "no-cache");
    }
}
