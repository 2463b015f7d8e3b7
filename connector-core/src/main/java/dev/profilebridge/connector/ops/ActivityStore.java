package dev.profilebridge.connector.ops;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The overview's tables: per-minute counts every replica adds to (one conditional upsert, so concurrent replicas sum
 * without a lock), and each replica's last report.
 */
@ApplicationScoped
public class ActivityStore {

    private final Pool pool;
    private final String activity;
    private final String replicas;

    ActivityStore(Pool pool,
            @ConfigProperty(name = "quarkus.hibernate-orm.database.default-schema") Optional<String> schema) {
        this.pool = pool;
        // Native SQL does not get Hibernate's default schema, and the pool's connections use the server's search path.
        String prefix = schema.map(s -> s + ".").orElse("");
        this.activity = prefix + "delivery_activity";
        this.replicas = prefix + "delivery_replica";
    }

    public Uni<Void> add(String connector, Instant minute, ActivityCounts counts) {
        return pool.preparedQuery("insert into " + activity + " as a (connector, minute, delivered, skipped_stale, retried,"
                + " dead_lettered) values ($1, $2, $3, $4, $5, $6) on conflict (connector, minute) do update set"
                + " delivered = a.delivered + excluded.delivered, skipped_stale = a.skipped_stale + excluded.skipped_stale,"
                + " retried = a.retried + excluded.retried, dead_lettered = a.dead_lettered + excluded.dead_lettered")
                .execute(Tuple.from(new Object[] { connector, SqlValues.time(minute), counts.delivered(),
                        counts.skippedStale(), counts.retried(), counts.deadLettered() }))
                .replaceWithVoid();
    }

    public Uni<Void> report(String connector, ConnectorOverview.ReplicaReport report) {
        return pool.preparedQuery("insert into " + replicas + " (connector, replica, in_flight, target_down, reported_at)"
                + " values ($1, $2, $3, $4, $5) on conflict (connector, replica) do update set"
                + " in_flight = excluded.in_flight, target_down = excluded.target_down, reported_at = excluded.reported_at")
                .execute(Tuple.of(connector, report.replica(), report.inFlight(), report.targetDown(),
                        SqlValues.time(report.reportedAt())))
                .replaceWithVoid();
    }

    /** Counts and reports older than {@code before} (replicas long gone, minutes out of every window). */
    public Uni<Void> deleteBefore(String connector, Instant before) {
        return pool.preparedQuery("delete from " + activity + " where connector = $1 and minute < $2")
                .execute(Tuple.of(connector, SqlValues.time(before)))
                .chain(() -> pool.preparedQuery("delete from " + replicas + " where connector = $1 and reported_at < $2")
                        .execute(Tuple.of(connector, SqlValues.time(before))))
                .replaceWithVoid();
    }

    public Uni<List<ConnectorOverview.Minute>> minutes(String connector, Instant from) {
        return pool.preparedQuery("select minute, delivered, skipped_stale, retried, dead_lettered from " + activity
                + " where connector = $1 and minute >= $2 order by minute")
                .execute(Tuple.of(connector, SqlValues.time(from)))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(ActivityStore::minute).toList());
    }

    public Uni<List<ConnectorOverview.ReplicaReport>> reportsSince(String connector, Instant since) {
        return pool.preparedQuery("select replica, in_flight, target_down, reported_at from " + replicas
                + " where connector = $1 and reported_at >= $2 order by replica")
                .execute(Tuple.of(connector, SqlValues.time(since)))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(row -> new ConnectorOverview.ReplicaReport(
                        row.getString("replica"), row.getInteger("in_flight"), row.getBoolean("target_down"),
                        SqlValues.instant(row, "reported_at"))).toList());
    }

    private static ConnectorOverview.Minute minute(Row row) {
        return new ConnectorOverview.Minute(SqlValues.instant(row, "minute"), row.getLong("delivered"),
                row.getLong("skipped_stale"), row.getLong("retried"), row.getLong("dead_lettered"));
    }
}
