package dev.profilebridge.ops.client;

/** A call failed: the service's problem (RFC 9457) or why no answer came, in words for the operator. */
public class OpsException extends RuntimeException {

    public OpsException(String message) {
        super(message);
    }
}
