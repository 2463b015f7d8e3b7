package dev.profilebridge.ops.command;

import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Option;

/** Which dead letters: every option is optional and they combine with "and". */
public class FilterOptions {

    @Option(names = "--uid", description = "the profile's CDC UID")
    String uid;

    @Option(names = "--reason", description = "the error class: RejectedByTarget, RetriesExhausted, InvalidEvent, ...")
    String reason;

    @Option(names = "--status", description = "the target's HTTP status")
    Integer status;

    @Option(names = "--from", description = "last failure at or after this ISO-8601 instant, e.g. 2026-12-01T10:00:00Z")
    String from;

    @Option(names = "--to", description = "last failure before this instant")
    String to;

    @Option(names = "--partition", description = "the original record's partition")
    Integer partition;

    @Option(names = "--from-offset", description = "the original record's offset at or after this")
    Long fromOffset;

    @Option(names = "--to-offset", description = "the original record's offset at or before this")
    Long toOffset;

    /** The filter as the API's query parameters and JSON body name its parts (absent parts left out). */
    Map<String, Object> asMap() {
        Map<String, Object> filter = new LinkedHashMap<>();
        put(filter, "uid", uid);
        put(filter, "reason", reason);
        put(filter, "status", status);
        put(filter, "from", from);
        put(filter, "to", to);
        put(filter, "partition", partition);
        put(filter, "fromOffset", fromOffset);
        put(filter, "toOffset", toOffset);
        return filter;
    }

    private static void put(Map<String, Object> filter, String name, Object value) {
        if (value != null) {
            filter.put(name, value);
        }
    }
}
