package dev.profilebridge.bench.freshness;

import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Both stamps of each profile version on this JVM's monotonic clock: when ingest-service acknowledged it (the driver
 * had the 202) and when the sandbox, in this same JVM, confirmed it to the connector. A version is registered before
 * it is sent, so either stamp may come first. Versions of one UID are numbered in sending order (the number is the
 * first name, {@code F<n>}); SAP confirming a version confirms the older ones of its UID too, since a connector may
 * skip a version a newer one supersedes, and the change is in SAP from then on.
 */
final class Stamps {

    private static final class Version {
        final Phase phase;
        long acknowledgedAt;
        long confirmedAt;

        Version(Phase phase) {
            this.phase = phase;
        }
    }

    private final Map<String, NavigableMap<Long, Version>> pending = new ConcurrentHashMap<>();
    private final AtomicLong confirmations = new AtomicLong();

    static String firstName(long number) {
        return "F" + number;
    }

    void expect(String uid, long number, Phase phase) {
        pending.computeIfAbsent(uid, k -> new ConcurrentSkipListMap<>()).put(number, new Version(phase));
    }

    void acknowledged(String uid, long number, long at) {
        NavigableMap<Long, Version> versions = pending.get(uid);
        synchronized (versions) {
            Version version = versions.get(number);
            if (version != null) {
                version.acknowledgedAt = at;
                completeUpTo(versions, Long.MAX_VALUE);
            }
        }
    }

    void confirmed(String uid, String firstName, long at) {
        confirmations.incrementAndGet();
        NavigableMap<Long, Version> versions = pending.get(uid);
        if (versions == null || !firstName.startsWith("F")) {
            return;
        }
        long number = Long.parseLong(firstName.substring(1));
        synchronized (versions) {
            versions.headMap(number, true).values().forEach(version -> {
                if (version.confirmedAt == 0) {
                    version.confirmedAt = at;
                }
            });
            completeUpTo(versions, number);
        }
    }

    /** Confirmations seen, of any phase: the throughput-over-time series. */
    long confirmations() {
        return confirmations.get();
    }

    /** Records and forgets every version up to {@code number} that has both stamps. */
    private static void completeUpTo(NavigableMap<Long, Version> versions, long number) {
        versions.headMap(number, true).entrySet().removeIf(entry -> {
            Version version = entry.getValue();
            if (version.acknowledgedAt != 0 && version.confirmedAt != 0) {
                version.phase.fresh(version.acknowledgedAt, version.confirmedAt);
                return true;
            }
            return false;
        });
    }
}
