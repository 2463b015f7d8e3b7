package dev.profilebridge.connector.ops;

/** Kafka did not answer an operator's look in time; the API answers 503. */
public class KafkaUnavailableException extends RuntimeException {

    public KafkaUnavailableException(String message) {
        super(message);
    }
}
