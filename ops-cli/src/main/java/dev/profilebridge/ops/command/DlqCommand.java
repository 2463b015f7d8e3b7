package dev.profilebridge.ops.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dlq", description = "A connector's dead letters: summary, list, replay",
        subcommands = { DlqCommand.Summary.class, DlqCommand.ListLetters.class, DlqCommand.Replay.class })
public class DlqCommand {

    @Command(name = "summary", description = "How many dead letters, by reason, HTTP status and age; the oldest")
    static class Summary extends OpsCommand {
        @Mixin
        ConnectorOption connector;

        @Override
        void run(Output out) {
            JsonNode summary = client.get(client.connector(connector.name), "/ops/dead-letters/summary", Map.of());
            if (out.asJson()) {
                out.json(summary);
                return;
            }
            out.line("%s: %d dead letters in %s", Output.text(summary, "connector"), summary.path("total").asInt(),
                    Output.text(summary, "topic"));
            JsonNode oldest = summary.path("oldest");
            if (!oldest.isMissingNode() && !oldest.isNull()) {
                JsonNode letter = oldest.path("letter");
                out.line("oldest: %s, UID %s (%s)", Output.text(letter, "lastFailure"), Output.text(oldest, "uid"),
                        Output.text(letter, "errorClass"));
            }
            for (String part : List.of("byReason", "byStatus", "byAge")) {
                List<List<String>> rows = new ArrayList<>();
                summary.path(part).fields().forEachRemaining(e -> rows.add(List.of(e.getKey(), e.getValue().asText())));
                out.line("");
                out.table(List.of(part.substring(2).toUpperCase(), "COUNT"), rows);
            }
        }
    }

    @Command(name = "list", description = "Dead letters, decoded, oldest first")
    static class ListLetters extends OpsCommand {
        @Mixin
        ConnectorOption connector;

        @Mixin
        FilterOptions filter;

        @Option(names = "--limit", defaultValue = "100", description = "at most this many (default ${DEFAULT-VALUE})")
        int limit;

        @Override
        void run(Output out) {
            Map<String, Object> query = new LinkedHashMap<>(filter.asMap());
            query.put("limit", limit);
            JsonNode letters = client.get(client.connector(connector.name), "/ops/dead-letters", query);
            if (out.asJson()) {
                out.json(letters);
                return;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode letter : letters) {
                String message = Output.text(letter, "targetMessage");
                rows.add(List.of(letter.path("partition").asText() + ":" + letter.path("offset").asText(),
                        Output.text(letter, "uid"), Output.text(letter, "errorClass"), Output.text(letter, "httpStatus"),
                        Output.text(letter, "attempts"), Output.text(letter, "replayCount"),
                        Output.text(letter, "lastFailure"), message.length() > 70 ? message.substring(0, 70) + "…" : message));
            }
            out.table(List.of("DLQ POSITION", "UID", "REASON", "STATUS", "ATTEMPTS", "REPLAYS", "LAST FAILURE", "MESSAGE"),
                    rows);
        }
    }

    @Command(name = "replay", description = "Put dead letters back on the connector's topic (stale versions are "
            + "skipped, records replayed too often parked); --dry-run only counts")
    static class Replay extends OpsCommand {
        @Mixin
        ConnectorOption connector;

        @Mixin
        FilterOptions filter;

        @Option(names = "--dry-run", description = "count what would happen, change nothing")
        boolean dryRun;

        @Option(names = "--max-per-second", description = "records put back per second at most")
        Integer maxPerSecond;

        @Option(names = "--limit", description = "at most this many of the matching dead letters")
        Integer limit;

        @Option(names = "--wait", description = "follow the replay until it ends")
        boolean await;

        @Override
        void run(Output out) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("filter", filter.asMap());
            body.put("dryRun", dryRun);
            if (maxPerSecond != null) {
                body.put("maxPerSecond", maxPerSecond);
            }
            if (limit != null) {
                body.put("limit", limit);
            }
            String base = client.connector(connector.name);
            JsonNode replay = client.post(base, "/ops/replays", body);
            if (await && !dryRun) {
                replay = ReplayCommand.follow(client, base, replay, out);
            }
            if (out.asJson()) {
                out.json(replay);
            } else {
                ReplayCommand.print(replay, out);
            }
        }
    }
}
