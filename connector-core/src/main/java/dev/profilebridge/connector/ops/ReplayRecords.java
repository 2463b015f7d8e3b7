package dev.profilebridge.connector.ops;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import dev.profilebridge.wire.DeadLetter;
import dev.profilebridge.wire.ReplayHeaders;

/** The records a replay produces for a dead letter, each marked with the replay and the dead letter it came from. */
final class ReplayRecords {

    private ReplayRecords() {
    }

    /**
     * The original record again, for the connector's topic: its key, value and own headers (request id, trace
     * context), one more replay counted.
     */
    static ProducerRecord<String, String> replayed(DeadLetterEntry entry, String topic, int partition, UUID replay) {
        Headers headers = originalHeaders(entry);
        ReplayHeaders.set(headers, ReplayHeaders.COUNT, Integer.toString(entry.replayCount() + 1));
        mark(headers, entry, replay);
        return new ProducerRecord<>(topic, partition, entry.uid(), entry.value(), headers);
    }

    /** The whole dead letter, for the parked topic: the original record's headers and the {@code pb-dlq-*} ones. */
    static ProducerRecord<String, String> parked(DeadLetterEntry entry, String topic, int partition, UUID replay) {
        Headers headers = originalHeaders(entry);
        entry.letter().writeTo(headers);
        mark(headers, entry, replay);
        return new ProducerRecord<>(topic, partition, entry.uid(), entry.value(), headers);
    }

    /** True when the record is this replay's copy of this dead letter. */
    static boolean isCopyOf(Headers headers, UUID replay, String deadLetterPosition) {
        return replay.toString().equals(DeadLetter.text(headers, ReplayHeaders.ID))
                && deadLetterPosition.equals(DeadLetter.text(headers, ReplayHeaders.DEAD_LETTER));
    }

    private static Headers originalHeaders(DeadLetterEntry entry) {
        Headers headers = new RecordHeaders();
        entry.originalHeaders().forEach((name, value) -> {
            if (value != null) {
                headers.add(name, value.getBytes(StandardCharsets.UTF_8));
            }
        });
        return headers;
    }

    private static void mark(Headers headers, DeadLetterEntry entry, UUID replay) {
        ReplayHeaders.set(headers, ReplayHeaders.ID, replay.toString());
        ReplayHeaders.set(headers, ReplayHeaders.DEAD_LETTER, entry.position());
    }
}
