package dev.profilebridge.ingest.domain;

import java.util.List;

/** A record of a request that was not accepted, and why. {@code uid} is null when the record had no usable UID. */
public record Rejection(int index, String uid, List<String> errors) implements RecordOutcome {
}
