package dev.profilebridge.connector.ops;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The replays' table: the audit of every replay and dry run, and the claim and position of a running one. Every
 * change of a running replay is one conditional statement, so two replicas cannot both run it, and an operator's
 * pause or cancel is seen by the runner at its next record.
 */
@ApplicationScoped
public class ReplayStore {

    private static final String COLUMNS = "id, connector, requested_by, requested_at, request::text as request, dry_run, "
            + "status, dead_letter_end::text as dead_letter_end, position::text as position, in_flight::text as in_flight, "
            + "matched, replayed, stale, excluded, updated_at, finished_at, error";
    private static final TypeReference<Map<Integer, Long>> OFFSETS = new TypeReference<>() {
    };
    private static final TypeReference<ReplayRequest> REQUEST = new TypeReference<>() {
    };
    private static final TypeReference<Replay.InFlight> IN_FLIGHT = new TypeReference<>() {
    };

    private final Pool pool;
    private final ObjectMapper json;
    private final String table;

    ReplayStore(Pool pool, ObjectMapper json,
            @ConfigProperty(name = "quarkus.hibernate-orm.database.default-schema") Optional<String> schema) {
        this.pool = pool;
        this.json = json;
        // Native SQL does not get Hibernate's default schema, and the pool's connections use the server's search path.
        this.table = schema.map(s -> s + ".").orElse("") + "replay";
    }

    public Uni<Void> insert(Replay replay) {
        return pool.preparedQuery("insert into " + table + " (id, connector, requested_by, requested_at, request, dry_run,"
                + " status, dead_letter_end, position, matched, replayed, stale, excluded, updated_at, finished_at)"
                + " values ($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8::text::jsonb, $9::text::jsonb, $10, $11, $12, $13, $14, $15)")
                .execute(Tuple.from(new Object[] { replay.id(), replay.connector(), replay.requestedBy(),
                        SqlValues.time(replay.requestedAt()), SqlValues.json(json, replay.request()), replay.dryRun(), name(replay.status()),
                        SqlValues.json(json, replay.deadLetterEnd()), SqlValues.json(json, replay.position()), replay.counts().matched(), replay.counts().replayed(),
                        replay.counts().stale(), replay.counts().excluded(), SqlValues.time(replay.updatedAt()),
                        SqlValues.time(replay.finishedAt()) }))
                .replaceWithVoid();
    }

    public Uni<Optional<Replay>> find(String connector, UUID id) {
        return pool.preparedQuery("select " + COLUMNS + " from " + table + " where connector = $1 and id = $2")
                .execute(Tuple.of(connector, id)).map(this::first);
    }

    /** The connector's latest replays and dry runs, newest first. */
    public Uni<List<Replay>> recent(String connector, int limit) {
        return pool.preparedQuery("select " + COLUMNS + " from " + table
                + " where connector = $1 order by requested_at desc limit $2")
                .execute(Tuple.of(connector, limit)).map(this::all);
    }

    /** Running replays no replica holds: new ones, and those whose runner stopped renewing its claim. */
    public Uni<List<UUID>> unclaimed(String connector) {
        return pool.preparedQuery("select id from " + table + " where connector = $1 and status in ('running', 'paused')"
                + " and (lease_until is null or lease_until < now()) order by requested_at")
                .execute(Tuple.of(connector))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID("id")));
                    return ids;
                });
    }

    /** Takes the replay for {@code owner} until {@code leaseUntil}; false when another replica holds it. */
    public Uni<Boolean> claim(UUID id, String owner, Instant leaseUntil) {
        return pool.preparedQuery("update " + table + " set owner = $2, lease_until = $3 where id = $1"
                + " and status in ('running', 'paused') and (lease_until is null or lease_until < now() or owner = $2)")
                .execute(Tuple.of(id, owner, SqlValues.time(leaseUntil))).map(rows -> rows.rowCount() == 1);
    }

    /**
     * Renews the owner's claim and answers the replay's status as the operator left it; empty when the claim was
     * lost (another replica took the replay over).
     */
    public Uni<Optional<Replay.Status>> renew(UUID id, String owner, Instant leaseUntil) {
        return pool.preparedQuery("update " + table + " set lease_until = $3 where id = $1 and owner = $2 returning status")
                .execute(Tuple.of(id, owner, SqlValues.time(leaseUntil)))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty()
                        : Optional.of(status(rows.iterator().next().getString("status"))));
    }

    /** Notes the record about to be produced, before the send; false when the claim was lost. */
    public Uni<Boolean> sending(UUID id, String owner, Replay.InFlight inFlight) {
        return pool.preparedQuery("update " + table + " set in_flight = $3::text::jsonb where id = $1 and owner = $2")
                .execute(Tuple.of(id, owner, SqlValues.json(json, inFlight))).map(rows -> rows.rowCount() == 1);
    }

    /** Records one more dead letter done: its partition's next offset and the counts so far; nothing in flight. */
    public Uni<Boolean> advance(UUID id, String owner, Map<Integer, Long> position, Replay.Counts counts) {
        return pool.preparedQuery("update " + table + " set position = $3::text::jsonb, in_flight = null, replayed = $4,"
                + " stale = $5, excluded = $6, updated_at = now() where id = $1 and owner = $2")
                .execute(Tuple.of(id, owner, SqlValues.json(json, position), counts.replayed(), counts.stale(), counts.excluded()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Ends a running replay (done or failed) unless an operator cancelled it meanwhile. */
    public Uni<Void> finish(UUID id, String owner, Replay.Status status, String error) {
        return pool.preparedQuery("update " + table + " set status = $3, error = $4, finished_at = now(), updated_at = now(),"
                + " lease_until = null where id = $1 and owner = $2 and status in ('running', 'paused')")
                .execute(Tuple.of(id, owner, name(status), error)).replaceWithVoid();
    }

    /** An operator's pause, resume or cancel: moves the replay to {@code to} when it is in one of {@code from}. */
    public Uni<Optional<Replay>> change(String connector, UUID id, List<Replay.Status> from, Replay.Status to) {
        return pool.preparedQuery("update " + table + " set status = $3, updated_at = now(),"
                + " finished_at = case when $4 then now() else finished_at end"
                + " where connector = $1 and id = $2 and status = any($5) returning " + COLUMNS)
                .execute(Tuple.of(connector, id, name(to), to.isFinal(),
                        from.stream().map(ReplayStore::name).toArray(String[]::new)))
                .map(this::first);
    }

    private Optional<Replay> first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? Optional.empty() : Optional.of(replay(rows.iterator().next()));
    }

    private List<Replay> all(RowSet<Row> rows) {
        List<Replay> replays = new ArrayList<>();
        rows.forEach(row -> replays.add(replay(row)));
        return replays;
    }

    private Replay replay(Row row) {
        return new Replay(row.getUUID("id"), row.getString("connector"), row.getString("requested_by"),
                SqlValues.instant(row, "requested_at"), SqlValues.fromJson(json, row.getString("request"), REQUEST),
                row.getBoolean("dry_run"), status(row.getString("status")), offsets(row, "dead_letter_end"),
                offsets(row, "position"), SqlValues.fromJson(json, row.getString("in_flight"), IN_FLIGHT),
                new Replay.Counts(row.getInteger("matched"), row.getInteger("replayed"), row.getInteger("stale"),
                        row.getInteger("excluded")),
                SqlValues.instant(row, "updated_at"), SqlValues.instant(row, "finished_at"), row.getString("error"));
    }

    private Map<Integer, Long> offsets(Row row, String column) {
        return new TreeMap<>(SqlValues.fromJson(json, row.getString(column), OFFSETS));
    }

    private static String name(Replay.Status status) {
        return status.name().toLowerCase();
    }

    private static Replay.Status status(String name) {
        return Replay.Status.valueOf(name.toUpperCase());
    }
}
