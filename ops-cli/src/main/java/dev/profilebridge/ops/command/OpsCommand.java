package dev.profilebridge.ops.command;

import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.profilebridge.ops.client.OpsClient;
import dev.profilebridge.ops.client.OpsException;
import jakarta.inject.Inject;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What every leaf command shares: the client, the output, and one clear error line with exit code 1. */
abstract class OpsCommand implements Callable<Integer> {

    @Inject
    OpsClient client;

    @Inject
    ObjectMapper json;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "print the services' JSON instead of tables")
    boolean asJson;

    @Override
    public Integer call() {
        try {
            run(new Output(spec.commandLine().getOut(), json, asJson));
            return 0;
        } catch (OpsException e) {
            spec.commandLine().getErr().println("pb-ops: " + e.getMessage());
            return 1;
        }
    }

    abstract void run(Output out);
}
