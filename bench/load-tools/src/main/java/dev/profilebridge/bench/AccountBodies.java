package dev.profilebridge.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.profilebridge.stack.cdc.CdcAccounts;

/**
 * Writes the ingest benchmark's inputs into a folder: {@code batch.json} (an array of N CDC accounts of about 1 KB),
 * {@code single.json} (one account) and {@code payloads.txt} (one account per line, for Kafka's producer tool).
 * Usage: {@code AccountBodies DIR [N]}.
 */
public final class AccountBodies {

    private AccountBodies() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Random random = new Random(42);
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            accounts.add(account(i, random));
        }
        Files.writeString(dir.resolve("batch.json"), "[" + String.join(",", accounts) + "]", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("single.json"), accounts.get(0), StandardCharsets.UTF_8);
        Files.write(dir.resolve("payloads.txt"), accounts, StandardCharsets.UTF_8);
        System.out.printf("%d accounts, %d bytes on average%n", count,
                accounts.stream().mapToInt(a -> a.getBytes(StandardCharsets.UTF_8).length).sum() / count);
    }

    private static String account(int i, Random random) {
        String uid = String.format("%032x", random.nextLong() & Long.MAX_VALUE) + i;
        return CdcAccounts.full(uid, 1_732_441_200_000L + random.nextInt(86_400_000), random).toString();
    }
}
