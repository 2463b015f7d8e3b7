package dev.profilebridge.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes the ingest benchmark's inputs into a folder: {@code batch.json} (an array of N CDC accounts of about 1 KB),
 * {@code single.json} (one account) and {@code payloads.txt} (one account per line, for Kafka's producer tool).
 * Usage: {@code AccountBodies DIR [N]}.
 */
public final class AccountBodies {

    private static final String[] FIRST = { "Zoë", "Ana", "Jürgen", "Søren", "Łucja", "Hiroshi", "Amélie", "Chloé" };
    private static final String[] LAST = { "Müller", "García", "Nakamura", "O'Brien", "Kowalski", "Dubois", "Rossi" };
    private static final String[] COUNTRY = { "DE", "FR", "ES", "PL", "JP", "IT", "US" };

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
        String first = FIRST[random.nextInt(FIRST.length)];
        String last = LAST[random.nextInt(LAST.length)];
        long changed = 1_732_441_200_000L + random.nextInt(86_400_000);
        String uid = String.format("%032x", random.nextLong() & Long.MAX_VALUE) + i;
        return "{\"UID\":\"" + uid + "\",\"lastUpdatedTimestamp\":" + changed + ",\"lastUpdated\":\"2024-11-24T09:40:00.000Z\","
                + "\"created\":\"2021-03-02T08:00:00.000Z\",\"isActive\":true,\"isRegistered\":true,\"isVerified\":true,"
                + "\"emails\":{\"verified\":[\"" + uid.substring(0, 8) + "@example.com\"],\"unverified\":[]},"
                + "\"profile\":{\"email\":\"" + uid.substring(0, 8) + "@example.com\",\"firstName\":\"" + first
                + "\",\"lastName\":\"" + last + "\",\"gender\":\"" + (random.nextBoolean() ? "f" : "m")
                + "\",\"birthYear\":" + (1950 + random.nextInt(55)) + ",\"birthMonth\":" + (1 + random.nextInt(12))
                + ",\"birthDay\":" + (1 + random.nextInt(28)) + ",\"city\":\"München\",\"country\":\""
                + COUNTRY[random.nextInt(COUNTRY.length)] + "\",\"zip\":\"80331\",\"address\":\"Marienplatz "
                + (1 + random.nextInt(99)) + "\",\"locale\":\"de\",\"phones\":[{\"number\":\"+49 89 "
                + (1_000_000 + random.nextInt(8_999_999)) + "\",\"type\":\"mobile\"}]},"
                + "\"preferences\":{\"terms.ToS\":{\"isConsentGranted\":true,\"docVersion\":2.0,\"lang\":\"de\","
                + "\"lastConsentModified\":\"2024-01-10T10:00:00.000Z\"},\"marketing.email\":{\"isConsentGranted\":"
                + random.nextBoolean() + ",\"docVersion\":1.0,\"lang\":\"de\",\"lastConsentModified\":\"2024-06-01T12:00:00.000Z\","
                + "\"tags\":[],\"customData\":[],\"entitlements\":[]}},"
                + "\"subscriptions\":{\"newsletter.weekly\":{\"email\":{\"isSubscribed\":" + random.nextBoolean()
                + ",\"tags\":[],\"lastUpdatedSubscriptionState\":\"2024-06-01T12:00:00.000Z\","
                + "\"doubleOptIn\":{\"status\":\"Confirmed\"}}}},"
                + "\"data\":{\"loyaltyTier\":\"gold\",\"storeId\":" + random.nextInt(500) + "}}";
    }
}
