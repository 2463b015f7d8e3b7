package dev.profilebridge.ingest.domain;

import java.util.List;

/** What the caller is told about its request once Kafka acknowledged every accepted profile. */
public record IngestResult(String requestId, int accepted, int superseded, List<Rejection> rejected) {

    /** Records came, and none of them was valid (an empty request is not this: it is accepted, with nothing in it). */
    public boolean nothingAccepted() {
        return accepted == 0 && !rejected.isEmpty();
    }
}
