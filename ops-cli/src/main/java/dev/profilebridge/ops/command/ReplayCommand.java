package dev.profilebridge.ops.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.profilebridge.ops.client.OpsClient;
import dev.profilebridge.ops.client.OpsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "replay", description = "Replays already asked: list (the audit), status, pause, resume, cancel",
        subcommands = { ReplayCommand.ListReplays.class, ReplayCommand.Status.class, ReplayCommand.Pause.class,
                ReplayCommand.Resume.class, ReplayCommand.Cancel.class })
public class ReplayCommand {

    private static final List<String> FINAL = List.of("done", "cancelled", "failed");

    static void print(JsonNode replay, Output out) {
        JsonNode counts = replay.path("counts");
        out.line("replay %s (%s%s), asked by %s at %s", Output.text(replay, "id"),
                replay.path("dryRun").asBoolean() ? "dry run, " : "", Output.text(replay, "status").toLowerCase(),
                Output.text(replay, "requestedBy"), Output.text(replay, "requestedAt"));
        out.line("  matched %d: %s %d, stale %d, %s %d", counts.path("matched").asInt(),
                replay.path("dryRun").asBoolean() ? "would replay" : "replayed", counts.path("replayed").asInt(),
                counts.path("stale").asInt(), replay.path("dryRun").asBoolean() ? "would park" : "parked",
                counts.path("excluded").asInt());
        if (!replay.path("error").isMissingNode() && !replay.path("error").isNull()) {
            out.line("  error: %s", Output.text(replay, "error"));
        }
    }

    /** Polls the replay until it ends, printing its progress when it moves. */
    static JsonNode follow(OpsClient client, String base, JsonNode replay, Output out) {
        String id = Output.text(replay, "id");
        String last = "";
        while (!FINAL.contains(Output.text(replay, "status").toLowerCase())) {
            String progress = replay.path("counts").toString() + Output.text(replay, "status");
            if (!progress.equals(last) && !out.asJson()) {
                print(replay, out);
                last = progress;
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OpsException("Interrupted; the replay goes on: pb-ops replay status " + id);
            }
            replay = client.get(base, "/ops/replays/" + id, Map.of());
        }
        return replay;
    }

    /** The parts of a filter that were set, as {@code name=value} pairs ("all" when none was). */
    private static String filter(JsonNode filter) {
        List<String> parts = new ArrayList<>();
        filter.fields().forEachRemaining(field -> {
            if (!field.getValue().isNull()) {
                parts.add(field.getKey() + "=" + field.getValue().asText());
            }
        });
        return parts.isEmpty() ? "all" : String.join(" ", parts);
    }

    @Command(name = "list", description = "The latest replays and dry runs: who, when, what, the counts")
    static class ListReplays extends OpsCommand {
        @Mixin
        ConnectorOption connector;

        @Override
        void run(Output out) {
            JsonNode replays = client.get(client.connector(connector.name), "/ops/replays", Map.of("limit", 50));
            if (out.asJson()) {
                out.json(replays);
                return;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode replay : replays) {
                JsonNode counts = replay.path("counts");
                rows.add(List.of(Output.text(replay, "id"), Output.text(replay, "requestedAt"),
                        Output.text(replay, "requestedBy"), replay.path("dryRun").asBoolean() ? "dry run" : "replay",
                        Output.text(replay, "status").toLowerCase(), counts.path("matched").asText(),
                        counts.path("replayed").asText(), counts.path("stale").asText(), counts.path("excluded").asText(),
                        filter(replay.path("request").path("filter"))));
            }
            out.table(List.of("ID", "ASKED AT", "BY", "KIND", "STATUS", "MATCHED", "REPLAYED", "STALE", "PARKED",
                    "FILTER"), rows);
        }
    }

    abstract static class OneReplay extends OpsCommand {
        @Mixin
        ConnectorOption connector;

        @Parameters(index = "0", description = "the replay's id")
        String id;

        abstract String action();

        @Override
        void run(Output out) {
            String base = client.connector(connector.name);
            JsonNode replay = action() == null ? client.get(base, "/ops/replays/" + id, Map.of())
                    : client.post(base, "/ops/replays/" + id + "/" + action(), null);
            if (out.asJson()) {
                out.json(replay);
            } else {
                print(replay, out);
            }
        }
    }

    @Command(name = "status", description = "One replay's status and counts")
    static class Status extends OneReplay {
        String action() {
            return null;
        }
    }

    @Command(name = "pause", description = "Pause a running replay; it keeps its place")
    static class Pause extends OneReplay {
        String action() {
            return "pause";
        }
    }

    @Command(name = "resume", description = "Resume a paused replay")
    static class Resume extends OneReplay {
        String action() {
            return "resume";
        }
    }

    @Command(name = "cancel", description = "Cancel a running or paused replay")
    static class Cancel extends OneReplay {
        String action() {
            return "cancel";
        }
    }
}
