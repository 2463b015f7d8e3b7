package dev.profilebridge.sandbox;

/**
 * Runs the Marketing Cloud sandbox as its own process, for the local stack and the benchmarks:
 * {@code MarketingCloudSandboxMain [--port 8091] [--user COMM_USER] [--password secret] [--latency-ms 0]}.
 * Counts are served at {@code /sandbox/stats}.
 */
public final class MarketingCloudSandboxMain {

    private MarketingCloudSandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SapGatewaySandbox.runStandalone(args, 8091, MarketingCloudSandbox::start);
    }
}
