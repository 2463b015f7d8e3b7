package dev.profilebridge.console.web;

/** A page was asked without a token cookie: a browser goes to the sign-in page, other clients get a 401 problem. */
class NotSignedInException extends RuntimeException {

    NotSignedInException() {
        super("Sign in with a client id and secret that hold the scope dlq:operate");
    }
}
