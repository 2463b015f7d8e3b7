package dev.profilebridge.ops.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.profilebridge.ops.client.OpsException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "resync", description = "Send the version SAP confirmed of chosen UIDs (or all) again, after a "
        + "mapping change or data lost in SAP; never an older version")
public class ResyncCommand extends OpsCommand {

    @Mixin
    ConnectorOption connector;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static class Which {
        @Option(names = "--uid", description = "a UID to send again (repeat the option for more)")
        List<String> uids;

        @Option(names = "--all", description = "every UID the target confirmed")
        boolean all;
    }

    @Option(names = "--max-per-second", description = "records sent per second at most")
    Integer maxPerSecond;

    @Option(names = "--wait", description = "follow the re-sync until it ends")
    boolean await;

    @Override
    void run(Output out) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (which.all) {
            body.put("all", true);
        } else {
            body.put("uids", which.uids);
        }
        if (maxPerSecond != null) {
            body.put("maxPerSecond", maxPerSecond);
        }
        String base = client.connector(connector.name);
        JsonNode resync = client.post(base, "/ops/resync", body);
        while (await && "running".equals(Output.text(resync, "status"))) {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OpsException("Interrupted; the re-sync goes on");
            }
            resync = client.get(base, "/ops/resync/" + Output.text(resync, "id"), Map.of());
        }
        if (out.asJson()) {
            out.json(resync);
            return;
        }
        out.line("re-sync %s (%s), asked by %s: %d requested, %d sent again, %d without a confirmed record in Kafka",
                Output.text(resync, "id"), Output.text(resync, "status"), Output.text(resync, "requestedBy"),
                resync.path("requested").asInt(), resync.path("produced").asInt(), resync.path("missing").asInt());
    }
}
