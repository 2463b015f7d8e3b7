package dev.profilebridge.ingest.domain;

/**
 * Kafka did not acknowledge every record of a request in time, or refused one: the request is not accepted, though
 * the records handed to the producer before may have been written (a retry is safe: see docs/ingest-service.md).
 */
public class KafkaUnavailableException extends RuntimeException {

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
