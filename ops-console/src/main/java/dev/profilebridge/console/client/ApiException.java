package dev.profilebridge.console.client;

/**
 * A call the console made for the operator did not succeed: the service's own answer (its status and problem), or
 * why there was none. The console shows it as it is: it never turns a refusal into something else.
 *
 * @param service what was called ({@code token-service}, {@code marketing}, {@code ingest}, ...)
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String title;
    private final String service;

    public ApiException(int status, String title, String detail, String service) {
        super(detail);
        this.status = status;
        this.title = title;
        this.service = service;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public String service() {
        return service;
    }
}
