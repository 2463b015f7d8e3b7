package dev.profilebridge.commons.api;

import java.util.function.LongFunction;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a request whose declared body is over a limit before the body is read, with a body the service chooses
 * (a problem, an OAuth error), rather than the HTTP layer's bare 413. Bodies without a Content-Length are still
 * capped by {@code quarkus.http.limits.max-body-size}.
 */
public final class ContentLengthLimit {

    private ContentLengthLimit() {
    }

    /**
     * @param path the route to guard
     * @param limit the largest body accepted, in bytes
     * @param contentType the media type of the refusal
     * @param refusal the refusal's body for a given limit
     */
    public static void install(Router router, String path, long limit, String contentType,
            LongFunction<String> refusal) {
        String body = refusal.apply(limit);
        router.route(path).order(-100).handler(context -> {
            if (declaredLength(context) > limit) {
                context.response().setStatusCode(413)
                        .putHeader("Content-Type", contentType)
                        .putHeader("Cache-Control", "no-store")
                        .putHeader("Connection", "close")
                        .end(body);
            } else {
                context.next();
            }
        });
    }

    private static long declaredLength(RoutingContext context) {
        String length = context.request().getHeader("Content-Length");
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1; // the HTTP layer rejects a malformed Content-Length itself
        }
    }
}
