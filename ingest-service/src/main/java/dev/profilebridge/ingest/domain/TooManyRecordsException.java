package dev.profilebridge.ingest.domain;

/** The request carries more profiles than {@code ingest.max-records}. */
public class TooManyRecordsException extends RuntimeException {

    private final int limit;

    public TooManyRecordsException(int limit) {
        super("The request holds more than " + limit + " records", null, false, false);
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
