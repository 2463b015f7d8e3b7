package dev.profilebridge.token.api;

import dev.profilebridge.commons.api.ContentLengthLimit;
import dev.profilebridge.token.config.TokenServiceConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses an oversized token request with an RFC 6749 error. The CDC token step sends the whole record as the body,
 * which we never need.
 */
@ApplicationScoped
public class TokenBodyLimit {

    void register(@Observes Router router, TokenServiceConfig config) {
        ContentLengthLimit.install(router, "/oauth/token", config.maxBodySize().asLongValue(), "application/json",
                limit -> new JsonObject().put("error", "invalid_request")
                        .put("error_description", "The request body exceeds " + limit + " bytes").encode());
    }
}
