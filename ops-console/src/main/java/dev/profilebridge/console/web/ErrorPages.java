package dev.profilebridge.console.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.profilebridge.console.client.ApiException;
import dev.profilebridge.console.session.TokenCookie;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Every failure as a clear answer: a page for a browser, an RFC 9457 problem ({@code application/problem+json}) for
 * any other client, never a stack trace. A service's refusal keeps its status (a 403 stays a 403), and a token the
 * services no longer take is dropped from the browser.
 */
public class ErrorPages {

    static final String PROBLEM = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(ErrorPages.class);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(int status, String title, String detail, boolean signInAgain);
    }

    private final RequestOrigin origin;

    ErrorPages(RequestOrigin origin) {
        this.origin = origin;
    }

    @ServerExceptionMapper
    Response refused(ApiException e, HttpHeaders headers, UriInfo uri) {
        Response.ResponseBuilder answer = answer(e.status(), e.title(), e.detail(), e.status() == 401, headers);
        return (e.status() == 401 ? answer.cookie(TokenCookie.cleared(origin.secure(uri))) : answer).build();
    }

    @ServerExceptionMapper
    Response notSignedIn(NotSignedInException e, HttpHeaders headers) {
        if (wantsHtml(headers)) {
            return Response.seeOther(URI.create("/sign-in")).build();
        }
        return answer(401, "Not signed in", e.getMessage(), true, headers).build();
    }

    @ServerExceptionMapper
    Response forged(ForgedRequestException e, HttpHeaders headers) {
        return answer(403, "Refused: not sent from the console", e.getMessage(), false, headers).build();
    }

    @ServerExceptionMapper
    Response invalid(WebApplicationException e, HttpHeaders headers) {
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) == null ? "HTTP " + status
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        return answer(status, title, e.getMessage(), false, headers).build();
    }

    @ServerExceptionMapper
    Response unexpected(RuntimeException e, HttpHeaders headers) {
        LOG.error("The console failed on a request", e);
        return answer(500, "The console failed", "Something went wrong in the console itself; its log has the details.",
                false, headers).build();
    }

    /** A page when the client takes HTML (a browser), else a problem document. */
    static Response.ResponseBuilder answer(int status, String title, String detail, boolean signInAgain,
            HttpHeaders headers) {
        if (wantsHtml(headers)) {
            return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(Templates.error(status, title, detail, signInAgain));
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        return Response.status(status).type(PROBLEM).entity(problem);
    }

    static boolean wantsHtml(HttpHeaders headers) {
        return headers.getAcceptableMediaTypes().stream().anyMatch(type -> type.isCompatible(MediaType.TEXT_HTML_TYPE)
                && !type.isWildcardType());
    }
}
