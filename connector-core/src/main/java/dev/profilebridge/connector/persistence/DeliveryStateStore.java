package dev.profilebridge.connector.persistence;

import java.lang.reflect.Array;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.profilebridge.connector.spi.ProfileRecord;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads and writes the delta tracking: per connector and UID, the last version the target confirmed.
 * <p>
 * One SQL statement per batch each way, on the reactive PostgreSQL client: the engine calls this for every request
 * to the target, and Hibernate's per-entity work (a select, then a persist or a dirty check per row) cost more CPU
 * than the rest of a delivery together. {@link DeliveryState} stays the mapping Hibernate validates the table against.
 */
@ApplicationScoped
public class DeliveryStateStore implements DeliveryStates {

    /**
     * A column a confirmation writes: its PostgreSQL type, the Java type the client binds an array of, the record's
     * value, and whether a stored value stays when the record has none. Adding a column to the upsert is one entry.
     */
    private record Column(String name, String sqlType, Class<?> javaType, Function<ProfileRecord, Object> value,
            boolean keepStoredWhenNull) {
    }

    private static final List<Column> CONFIRMED = List.of(
            new Column("changed_at", "timestamptz", OffsetDateTime.class, r -> r.changedAt().atOffset(ZoneOffset.UTC), false),
            new Column("source_topic", "varchar", String.class, ProfileRecord::topic, false),
            new Column("source_partition", "int4", Integer.class, ProfileRecord::partition, false),
            new Column("source_offset", "int8", Long.class, ProfileRecord::offset, false),
            new Column("target_id", "varchar", String.class, ProfileRecord::targetId, true),
            // An ETag belongs to the target id it came with: a record without one leaves none behind.
            new Column("target_etag", "varchar", String.class, ProfileRecord::targetEtag, false));

    private final Pool pool;
    private final String findSql;
    private final String confirmSql;

    DeliveryStateStore(Pool pool,
            @ConfigProperty(name = "quarkus.hibernate-orm.database.default-schema") Optional<String> schema) {
        this.pool = pool;
        // Native SQL does not get Hibernate's default schema, and the pool's connections use the server's search path.
        String table = schema.map(s -> s + ".").orElse("") + "delivery_state";
        this.findSql = "select * from " + table + " where connector = $1 and uid = any($2)";
        this.confirmSql = upsert(table);
    }

    @Override
    public Uni<Map<String, DeliveryState>> find(String connector, Collection<String> uids) {
        return pool.preparedQuery(findSql).execute(Tuple.of(connector, uids.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, DeliveryState> found = new HashMap<>();
                    rows.forEach(row -> found.put(row.getString("uid"), state(row)));
                    return found;
                });
    }

    /**
     * Records what the target confirmed (at most one record per UID, as a batch has): a row never moves back to an
     * older change time, and keeps its target id when the record has none.
     */
    @Override
    public Uni<Void> confirm(String connector, List<ProfileRecord> delivered) {
        if (delivered.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple parameters = Tuple.of(connector, OffsetDateTime.now(ZoneOffset.UTC),
                delivered.stream().map(ProfileRecord::uid).toArray(String[]::new));
        CONFIRMED.forEach(column -> parameters.addValue(values(column, delivered)));
        return pool.preparedQuery(confirmSql).execute(parameters).replaceWithVoid();
    }

    /**
     * insert ... select from unnest(one array per column) on conflict update, only where the stored change time is
     * older: one statement for the whole batch, and the check and the write cannot interleave with another writer.
     */
    private static String upsert(String table) {
        String names = CONFIRMED.stream().map(Column::name).collect(Collectors.joining(", "));
        StringBuilder arrays = new StringBuilder("$3::varchar[]");
        for (int i = 0; i < CONFIRMED.size(); i++) {
            arrays.append(", $").append(i + 4).append("::").append(CONFIRMED.get(i).sqlType()).append("[]");
        }
        String updates = CONFIRMED.stream().map(c -> c.name() + " = " + (c.keepStoredWhenNull()
                ? "coalesce(excluded." + c.name() + ", state." + c.name() + ")" : "excluded." + c.name()))
                .collect(Collectors.joining(", "));
        return "insert into " + table + " as state (connector, updated_at, uid, " + names + ")"
                + " select $1::varchar, $2::timestamptz, confirmed.* from unnest(" + arrays + ") as confirmed (uid, " + names + ")"
                + " on conflict (connector, uid) do update set " + updates + ", updated_at = excluded.updated_at"
                + " where state.changed_at < excluded.changed_at";
    }

    /** The client binds a PostgreSQL array only from an array of the matching Java type, not from Object[]. */
    private static Object values(Column column, List<ProfileRecord> records) {
        Object array = Array.newInstance(column.javaType(), records.size());
        for (int i = 0; i < records.size(); i++) {
            Array.set(array, i, column.value().apply(records.get(i)));
        }
        return array;
    }

    private static DeliveryState state(Row row) {
        DeliveryState state = new DeliveryState();
        state.connector = row.getString("connector");
        state.uid = row.getString("uid");
        state.changedAt = instant(row, "changed_at");
        state.sourceTopic = row.getString("source_topic");
        state.sourcePartition = row.getInteger("source_partition");
        state.sourceOffset = row.getLong("source_offset");
        state.targetId = row.getString("target_id");
        state.targetEtag = row.getString("target_etag");
        state.updatedAt = instant(row, "updated_at");
        return state;
    }

    private static Instant instant(Row row, String column) {
        return row.getOffsetDateTime(column).toInstant();
    }
}
