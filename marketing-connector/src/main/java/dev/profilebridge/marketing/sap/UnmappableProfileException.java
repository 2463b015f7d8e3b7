package dev.profilebridge.marketing.sap;

/** A profile Marketing Cloud would reject whatever we tried, such as consents without a valid e-mail address. */
public class UnmappableProfileException extends RuntimeException {

    public UnmappableProfileException(String message) {
        super(message, null, false, false);
    }
}
