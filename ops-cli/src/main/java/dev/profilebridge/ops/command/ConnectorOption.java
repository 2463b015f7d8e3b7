package dev.profilebridge.ops.command;

import picocli.CommandLine.Option;

/** Which connector a command is about. */
public class ConnectorOption {

    @Option(names = { "-c", "--connector" }, required = true, description = "marketing or service")
    String name;
}
