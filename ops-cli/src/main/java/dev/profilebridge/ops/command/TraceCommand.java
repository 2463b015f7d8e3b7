package dev.profilebridge.ops.command;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.profilebridge.ops.client.OpsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "trace", description = "Where a profile stands: when ingest accepted each version (request, client), "
        + "and in every connector the confirmed version and the SAP id, versions on their way, dead letters")
public class TraceCommand extends OpsCommand {

    @Parameters(index = "0", description = "the profile's CDC UID")
    String uid;

    @Override
    void run(Output out) {
        ObjectNode all = json.createObjectNode();
        client.connectors().forEach((name, base) -> {
            try {
                all.set(name, client.get(base, "/ops/profiles/" + uid, Map.of()));
            } catch (OpsException e) {
                all.putObject(name).put("error", e.getMessage());
            }
        });
        try {
            all.set("ingest", client.get(client.ingest(), "/ops/profiles/" + uid, Map.of()));
        } catch (OpsException e) {
            all.putObject("ingest").put("error", e.getMessage());
        }
        if (out.asJson()) {
            out.json(all);
            return;
        }
        printIngest(all.path("ingest"), out);
        all.fields().forEachRemaining(entry -> {
            if (!entry.getKey().equals("ingest")) {
                print(entry.getKey(), entry.getValue(), out);
            }
        });
    }

    private static void printIngest(JsonNode ingest, Output out) {
        out.line("ingest:");
        if (ingest.has("error")) {
            out.line("  %s", Output.text(ingest, "error"));
            return;
        }
        if (ingest.path("accepted").isEmpty()) {
            out.line("  nothing accepted since %s", Output.text(ingest, "since"));
        }
        for (JsonNode version : ingest.path("accepted")) {
            out.line("  accepted version %s at %s for %s, request %s from client %s", Output.text(version, "changedAt"),
                    Output.text(version, "receivedAt"), Output.text(version, "topic"), Output.text(version, "requestId"),
                    Output.text(version, "clientId"));
        }
    }

    private static void print(String name, JsonNode trace, Output out) {
        out.line("%s:", name);
        if (trace.has("error")) {
            out.line("  %s", Output.text(trace, "error"));
            return;
        }
        JsonNode delivered = trace.path("delivered");
        if (delivered.isNull() || delivered.isMissingNode()) {
            out.line("  never confirmed by the target");
        } else {
            out.line("  confirmed version %s at %s (from %s:%s@%s)%s", Output.text(delivered, "changedAt"),
                    Output.text(delivered, "confirmedAt"), Output.text(delivered, "topic"),
                    Output.text(delivered, "partition"), Output.text(delivered, "offset"),
                    delivered.path("targetId").isTextual() ? ", SAP id " + delivered.path("targetId").asText()
                            + (delivered.path("targetEtag").isTextual() ? " ETag " + delivered.path("targetEtag").asText() : "")
                            : "");
        }
        for (JsonNode pending : trace.path("pending")) {
            out.line("  on its way: version %s (partition %s, offset %s), request %s", Output.text(pending, "changedAt"),
                    Output.text(pending, "partition"), Output.text(pending, "offset"), Output.text(pending, "requestId"));
        }
        for (JsonNode letter : trace.path("deadLetters")) {
            out.line("  dead letter %s:%s: version %s, %s %s, %s", Output.text(letter, "partition"),
                    Output.text(letter, "offset"), Output.text(letter, "changedAt"),
                    Output.text(letter.path("letter"), "errorClass"), Output.text(letter.path("letter"), "httpStatus"),
                    Output.text(letter.path("letter"), "targetMessage"));
        }
    }
}
