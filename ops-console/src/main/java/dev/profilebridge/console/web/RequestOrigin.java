package dev.profilebridge.console.web;

import java.net.URI;
import java.util.Optional;

import dev.profilebridge.console.config.ConsoleConfig;
import dev.profilebridge.console.session.SameOrigin;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** The console's origin as a request reached it, the CSRF check of every POST, and whether cookies must be Secure. */
@ApplicationScoped
public class RequestOrigin {

    private final ConsoleConfig config;

    RequestOrigin(ConsoleConfig config) {
        this.config = config;
    }

    /** Refuses a POST that did not come from one of the console's pages, before anything else runs. */
    @ServerRequestFilter(preMatching = true)
    void checkForms(HttpServerRequest request, UriInfo uri) {
        if (request.method() == HttpMethod.POST) {
            String origin = request.getHeader("Origin");
            if (!SameOrigin.allows(origin, request.getHeader("Referer"), origin(uri))) {
                throw new ForgedRequestException(Optional.ofNullable(origin).orElse("not given"));
            }
        }
    }

    /** Secure cookies when served over https, unless configured otherwise. */
    boolean secure(UriInfo uri) {
        return config.secureCookie().orElse("https".equalsIgnoreCase(uri.getBaseUri().getScheme()));
    }

    static String origin(UriInfo uri) {
        URI base = uri.getBaseUri();
        return base.getScheme() + "://" + base.getRawAuthority();
    }
}
