package dev.profilebridge.ingest.domain;

import java.time.Instant;

/** One valid CDC account of a request, with its key and change time read out. */
public record ProfileEvent(int index, String uid, Instant changedAt, CdcAccount account) implements RecordOutcome {
}
