package dev.profilebridge.sandbox;

/**
 * Runs the C4C sandbox as its own process, for the local stack and the benchmarks:
 * {@code C4CSandboxMain [--port 8092] [--user COMM_USER] [--password secret] [--latency-ms 0]}.
 * Counts are served at {@code /sandbox/stats}.
 */
public final class C4CSandboxMain {

    private C4CSandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SapGatewaySandbox.runStandalone(args, 8092, C4CSandbox::start);
    }
}
