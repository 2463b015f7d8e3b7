package dev.profilebridge.ingest.domain;

import java.util.List;

/** What the caller is told about its request once Kafka acknowledged every accepted profile. */
public record IngestResult(String requestId, int accepted, int superseded, List<Rejection> rejected) {
}
