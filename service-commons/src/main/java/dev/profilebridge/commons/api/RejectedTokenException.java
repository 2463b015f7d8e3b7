package dev.profilebridge.commons.api;

/**
 * Why a well-signed token was refused (it was revoked, or revocations cannot be checked), in words the caller may
 * read: a token check raises it as the cause of its failure, and {@link SecurityProblems} puts the message in the
 * 401's detail. Other authentication failures keep the generic detail, which tells an attacker nothing.
 */
public class RejectedTokenException extends RuntimeException {

    public RejectedTokenException(String detail) {
        super(detail, null, false, false);
    }
}
