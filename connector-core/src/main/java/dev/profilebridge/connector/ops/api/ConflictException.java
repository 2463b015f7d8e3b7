package dev.profilebridge.connector.ops.api;

import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.core.Response;

/** The replay is not in a state the asked change applies to: 409 problem. */
class ConflictException extends ClientErrorException {

    ConflictException(String message) {
        super(message, Response.Status.CONFLICT);
    }
}
