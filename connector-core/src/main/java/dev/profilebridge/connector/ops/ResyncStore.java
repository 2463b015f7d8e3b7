package dev.profilebridge.connector.ops;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** The re-syncs' audit table, and the confirmed versions a re-sync sends again, page by page. */
@ApplicationScoped
public class ResyncStore {

    /** Where a UID's confirmed version lies in Kafka. */
    public record Confirmed(String uid, String topic, int partition, long offset) {
    }

    private static final String COLUMNS = "id, connector, requested_by, requested_at, uids::text as uids, max_per_second,"
            + " status, requested, produced, missing, updated_at, finished_at, error";

    private static final TypeReference<List<String>> UIDS = new TypeReference<>() {
    };

    private final Pool pool;
    private final ObjectMapper json;
    private final String table;
    private final String states;

    ResyncStore(Pool pool, ObjectMapper json,
            @ConfigProperty(name = "quarkus.hibernate-orm.database.default-schema") Optional<String> schema) {
        this.pool = pool;
        this.json = json;
        String prefix = schema.map(s -> s + ".").orElse("");
        this.table = prefix + "resync";
        this.states = prefix + "delivery_state";
    }

    /** How many UIDs the connector's target confirmed (a re-sync of all sends this many). */
    public Uni<Integer> confirmedCount(String connector) {
        return pool.preparedQuery("select count(*) as n from " + states + " where connector = $1")
                .execute(Tuple.of(connector)).map(rows -> rows.iterator().next().getLong("n").intValue());
    }

    /** The next page of confirmed versions after {@code afterUid}, by UID; only {@code uids} when given. */
    public Uni<List<Confirmed>> page(String connector, List<String> uids, String afterUid, int size) {
        return pool.preparedQuery("select uid, source_topic, source_partition, source_offset from " + states
                + " where connector = $1 and ($2::varchar[] is null or uid = any($2)) and uid > $3 order by uid limit $4")
                .execute(Tuple.of(connector, uids == null ? null : uids.toArray(String[]::new), afterUid, size))
                .map(rows -> {
                    List<Confirmed> page = new ArrayList<>();
                    rows.forEach(row -> page.add(new Confirmed(row.getString("uid"), row.getString("source_topic"),
                            row.getInteger("source_partition"), row.getLong("source_offset"))));
                    return page;
                });
    }

    public Uni<Void> insert(Resync resync) {
        return pool.preparedQuery("insert into " + table + " (id, connector, requested_by, requested_at, uids,"
                + " max_per_second, status, requested, updated_at) values ($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8, $9)")
                .execute(Tuple.from(new Object[] { resync.id(), resync.connector(), resync.requestedBy(),
                        SqlValues.time(resync.requestedAt()), SqlValues.json(json, resync.uids()),
                        resync.maxPerSecond(), resync.status(), resync.requested(), SqlValues.time(resync.updatedAt()) }))
                .replaceWithVoid();
    }

    public Uni<Void> progress(UUID id, int produced, int missing) {
        return pool.preparedQuery("update " + table + " set produced = $2, missing = $3, updated_at = now() where id = $1")
                .execute(Tuple.of(id, produced, missing)).replaceWithVoid();
    }

    public Uni<Void> finish(UUID id, String status, String error) {
        return pool.preparedQuery("update " + table + " set status = $2, error = $3, finished_at = now(),"
                + " updated_at = now() where id = $1").execute(Tuple.of(id, status, error)).replaceWithVoid();
    }

    public Uni<Optional<Resync>> find(String connector, UUID id) {
        return pool.preparedQuery("select " + COLUMNS + " from " + table + " where connector = $1 and id = $2")
                .execute(Tuple.of(connector, id))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(resync(rows.iterator().next())));
    }

    public Uni<List<Resync>> recent(String connector, int limit) {
        return pool.preparedQuery("select " + COLUMNS + " from " + table
                + " where connector = $1 order by requested_at desc limit $2")
                .execute(Tuple.of(connector, limit)).map(rows -> {
                    List<Resync> resyncs = new ArrayList<>();
                    rows.forEach(row -> resyncs.add(resync(row)));
                    return resyncs;
                });
    }

    private Resync resync(Row row) {
        return new Resync(row.getUUID("id"), row.getString("connector"), row.getString("requested_by"),
                SqlValues.instant(row, "requested_at"), SqlValues.fromJson(json, row.getString("uids"), UIDS), row.getInteger("max_per_second"),
                row.getString("status"), row.getInteger("requested"), row.getInteger("produced"),
                row.getInteger("missing"), SqlValues.instant(row, "updated_at"), SqlValues.instant(row, "finished_at"),
                row.getString("error"));
    }
}
