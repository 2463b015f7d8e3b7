package dev.profilebridge.ingest.domain;

/** Kafka did not acknowledge a request's records in time: nothing of the request counts as accepted. */
public class KafkaUnavailableException extends RuntimeException {

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
