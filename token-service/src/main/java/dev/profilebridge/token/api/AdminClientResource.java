package dev.profilebridge.token.api;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.profilebridge.commons.api.Problem;
import dev.profilebridge.token.domain.ClientAdministration;
import dev.profilebridge.token.domain.ClientRegistrationException;
import dev.profilebridge.token.domain.ClientView;
import dev.profilebridge.token.domain.IssuedSecret;
import dev.profilebridge.token.keys.SigningKeySnapshot;
import dev.profilebridge.token.keys.SigningKeys;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** The admin API: clients and signing keys. Every call needs a token with scope {@code clients:admin}. */
@Path("/admin")
public class AdminClientResource {

    public record RotateSecretRequest(Long gracePeriodSeconds) {
    }

    private final ClientAdministration administration;
    private final SigningKeys keys;

    AdminClientResource(ClientAdministration administration, SigningKeys keys) {
        this.administration = administration;
        this.keys = keys;
    }

    @POST
    @Path("/clients")
    @Operation(summary = "Register a client; the answer holds its secret, shown this once")
    public Uni<Response> create(ClientAdministration.NewClient request) {
        if (request == null) {
            return Uni.createFrom().item(new Problem(400, "Bad Request", "A JSON body is required").toResponse());
        }
        return administration.create(request, Optional.empty())
                .map(issued -> Response.created(URI.create("/admin/clients/" + issued.client().clientId()))
                        .entity(secretBody(issued)).build());
    }

    @GET
    @Path("/clients")
    public Uni<List<ClientView>> list() {
        return administration.list();
    }

    @GET
    @Path("/clients/{clientId}")
    public Uni<ClientView> get(@PathParam("clientId") String clientId) {
        return administration.get(clientId);
    }

    @POST
    @Path("/clients/{clientId}/disable")
    public Uni<ClientView> disable(@PathParam("clientId") String clientId) {
        return administration.setEnabled(clientId, false);
    }

    @POST
    @Path("/clients/{clientId}/enable")
    public Uni<ClientView> enable(@PathParam("clientId") String clientId) {
        return administration.setEnabled(clientId, true);
    }

    @POST
    @Path("/clients/{clientId}/secrets")
    @Operation(summary = "Give a client a new secret; the current one stays valid for the grace period")
    public Uni<Response> rotateSecret(@PathParam("clientId") String clientId, RotateSecretRequest request) {
        Optional<Duration> grace = Optional.ofNullable(request).map(RotateSecretRequest::gracePeriodSeconds)
                .map(Duration::ofSeconds);
        return administration.rotateSecret(clientId, grace)
                .map(issued -> Response.status(201).entity(secretBody(issued)).build());
    }

    @POST
    @Path("/keys/rotate")
    @Operation(summary = "Publish a new signing key that signs after the publish-ahead period; with retireCurrent=true "
            + "(a compromised key) revoke the signing key at once and sign with a new one now")
    public Uni<Response> rotateKey(@QueryParam("retireCurrent") boolean retireCurrent) {
        return keys.rotateNow(retireCurrent).map(ignored -> Response.ok(keyState(keys.current())).build());
    }

    @ServerExceptionMapper
    Response registrationProblem(ClientRegistrationException e) {
        return new Problem(e.status(), Response.Status.fromStatusCode(e.status()).getReasonPhrase(), e.getMessage())
                .toResponse();
    }

    private static java.util.Map<String, Object> keyState(SigningKeySnapshot snapshot) {
        java.util.Map<String, Object> state = new java.util.LinkedHashMap<>();
        state.put("activeKid", snapshot.activeKid());
        snapshot.pending().ifPresent(pending -> {
            state.put("pendingKid", pending.kid());
            state.put("pendingActivatesAt", pending.activatesAt().toString());
        });
        return state;
    }

    private static java.util.Map<String, Object> secretBody(IssuedSecret issued) {
        return java.util.Map.of("client", issued.client(), "clientSecret", issued.clientSecret());
    }
}
