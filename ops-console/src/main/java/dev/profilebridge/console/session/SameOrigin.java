package dev.profilebridge.console.session;

/**
 * The check against cross-site request forgery on every form the console takes: the browser's {@code Origin} header
 * (or, when a browser sends none, the {@code Referer}) must be the console's own origin. With the SameSite=Strict
 * cookie this is the defence OWASP lists for stateless applications; a token in each form would need server-side
 * state or a signing key shared by the replicas, which the console avoids.
 */
public final class SameOrigin {

    private SameOrigin() {
    }

    /**
     * @param expected the console's origin as this request reached it: {@code scheme://host[:port]}
     * @return true when the form was posted from one of the console's own pages
     */
    public static boolean allows(String origin, String referer, String expected) {
        if (origin != null && !origin.isBlank()) {
            return origin.equalsIgnoreCase(expected);
        }
        return referer != null && (referer.equalsIgnoreCase(expected) || referer.regionMatches(true, 0, expected + "/", 0,
                expected.length() + 1));
    }
}
