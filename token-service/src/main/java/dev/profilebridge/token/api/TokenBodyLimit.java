package dev.profilebridge.token.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.profilebridge.token.config.TokenServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses an oversized token request before its body is read, with an RFC 6749 error rather than the HTTP layer's
 * bare 413. The CDC token step sends the whole record as the body, which we never need.
 */
@ApplicationScoped
public class TokenBodyLimit {

    private final long limit;

    TokenBodyLimit(TokenServiceConfig config) {
        this.limit = config.maxBodySize().asLongValue();
    }

    void register(@Observes Router router) {
        router.route("/oauth/token").order(-100).handler(this::limitTokenRequestBody);
    }

    private void limitTokenRequestBody(RoutingContext context) {
        String length = context.request().getHeader("Content-Length");
        if (length != null && exceeds(length)) {
            context.response().setStatusCode(413)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .putHeader("Connection", "close")
                    .end(new JsonObject().put("error", "invalid_request")
                            .put("error_description", "The request body exceeds " + limit + " bytes").encode());
            return;
        }
        context.next();
    }

    private boolean exceeds(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // the HTTP layer rejects a malformed Content-Length itself
        }
    }
}
