package dev.profilebridge.testsupport.sap;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the Marketing Cloud sandbox as its own process, for the local stack and the benchmarks:
 * {@code MarketingCloudSandboxMain [--port 8091] [--user COMM_USER] [--password secret] [--latency-ms 0]}.
 * Counts are served at {@code /sandbox/stats}.
 */
public final class MarketingCloudSandboxMain {

    private MarketingCloudSandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 8091;
        String user = "COMM_USER";
        String password = "secret";
        long latency = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--user" -> user = args[i + 1];
                case "--password" -> password = args[i + 1];
                case "--latency-ms" -> latency = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        MarketingCloudSandbox sandbox = MarketingCloudSandbox.start(port, user, password);
        sandbox.latency(Duration.ofMillis(latency));
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
        System.out.println("ready " + sandbox.serviceUrl());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
