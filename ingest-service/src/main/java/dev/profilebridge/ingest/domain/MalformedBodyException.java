package dev.profilebridge.ingest.domain;

/** The body is not JSON (or NDJSON) of a shape we accept; says where it broke when the parser knows. */
public class MalformedBodyException extends RuntimeException {

    private final Integer line;
    private final Integer column;

    public MalformedBodyException(String message, Integer line, Integer column) {
        super(message, null, false, false);
        this.line = line;
        this.column = column;
    }

    public Integer line() {
        return line;
    }

    public Integer column() {
        return column;
    }
}
