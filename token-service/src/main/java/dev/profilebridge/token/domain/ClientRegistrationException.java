package dev.profilebridge.token.domain;

/** A client registration request that cannot be carried out as asked: answered with a 4xx problem. */
public class ClientRegistrationException extends RuntimeException {

    private final int status;

    public ClientRegistrationException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
