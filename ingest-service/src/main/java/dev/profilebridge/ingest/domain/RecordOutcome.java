package dev.profilebridge.ingest.domain;

/** What validation made of one record: a {@link ProfileEvent} to publish or a {@link Rejection} to report. */
public sealed interface RecordOutcome permits ProfileEvent, Rejection {
}
