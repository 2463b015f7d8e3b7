package dev.profilebridge.bench;

import java.util.Map;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Answers what a token response looks like, without authenticating or signing: the ceiling of the HTTP stack. */
@Path("/oauth/token")
public class ConstantTokenResource {

    private static final Map<String, Object> TOKEN = Map.of(
            "access_token", "eyJhbGciOiJFUzI1NiIsImtpZCI6ImJlbmNoIn0.eyJzdWIiOiJiZW5jaCJ9.c2lnbmF0dXJl",
            "token_type", "Bearer",
            "expires_in", 3600,
            "scope", "profiles:write");

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> token() {
        return TOKEN;
    }
}
