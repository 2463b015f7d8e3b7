package dev.profilebridge.ops.command;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

@TopCommand
@Command(name = "pb-ops", mixinStandardHelpOptions = true, version = "pb-ops 0.1.0",
        description = "Profile Bridge for operators: dead letters, replays, where a profile stands, re-syncs.%n"
                + "Credentials from PB_OPS_CLIENT_ID and PB_OPS_CLIENT_SECRET (a token-service client with the scope "
                + "dlq:operate); services from PB_OPS_TOKEN_URL, PB_OPS_MARKETING_URL, PB_OPS_SERVICE_URL, "
                + "PB_OPS_INGEST_URL (defaults: ./run's ports on 127.0.0.1).",
        subcommands = { DlqCommand.class, ReplayCommand.class, TraceCommand.class, ResyncCommand.class })
public class PbOpsCommand {
}
