package dev.profilebridge.connector.spi;

/** A profile that cannot be written to the target as it is; it goes to the dead-letter topic with this message. */
public class UnmappableProfileException extends RuntimeException {

    public UnmappableProfileException(String message) {
        super(message);
    }
}
