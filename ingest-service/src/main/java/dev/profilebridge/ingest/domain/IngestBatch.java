package dev.profilebridge.ingest.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records of one request sorted out: the profiles to publish (one per UID, the newest by change time), the
 * rejected records, and how many were superseded by a newer version of the same UID in the same request.
 */
public record IngestBatch(List<ProfileEvent> accepted, List<Rejection> rejected, int superseded) {

    /** {@code latestChange}: the latest change time accepted (now plus the allowed clock skew). */
    public static IngestBatch of(List<CdcAccount> records, Instant latestChange) {
        Map<String, ProfileEvent> newest = new LinkedHashMap<>();
        List<Rejection> rejected = new ArrayList<>();
        int superseded = 0;
        for (int index = 0; index < records.size(); index++) {
            RecordOutcome outcome = ProfileValidator.validate(records.get(index), index, latestChange);
            if (outcome instanceof Rejection rejection) {
                rejected.add(rejection);
                continue;
            }
            ProfileEvent event = (ProfileEvent) outcome;
            ProfileEvent previous = newest.get(event.uid());
            if (previous != null) {
                superseded++;
                // On equal change times the later record wins: it is what the caller sent last.
                if (event.changedAt().isBefore(previous.changedAt())) {
                    continue;
                }
            }
            newest.put(event.uid(), event);
        }
        return new IngestBatch(List.copyOf(newest.values()), rejected, superseded);
    }
}
