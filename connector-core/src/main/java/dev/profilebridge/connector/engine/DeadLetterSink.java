package dev.profilebridge.connector.engine;

import org.apache.kafka.common.header.Headers;

import dev.profilebridge.wire.DeadLetter;
import io.smallrye.mutiny.Uni;

/** Where the engine puts a record it gives up on ({@link DeadLetterWriter}: the dead-letter topic). */
public interface DeadLetterSink {

    Uni<Void> write(String key, String value, Headers original, DeadLetter.Origin origin, DeadLetterWriter.Cause cause);
}
