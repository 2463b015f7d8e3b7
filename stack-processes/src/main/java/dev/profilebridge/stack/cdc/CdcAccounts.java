package dev.profilebridge.stack.cdc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Realistic SAP CDC accounts, shaped as {@code accounts.getAccountInfo} returns them and IdentitySync sends them
 * (docs/sap-interfaces.md §2): profile, consents under {@code preferences}, subscriptions, custom {@code data}.
 */
public final class CdcAccounts {

    /** The consent and subscription the connectors map by default. */
    public static final String MARKETING_CONSENT = "marketing.email";
    public static final String NEWSLETTER = "newsletter.weekly";

    private static final String[] FIRST = { "Zoë", "Ana", "Jürgen", "Søren", "Łucja", "Hiroshi", "Amélie", "Chloé",
            "Дмитрий", "José", "Noël", "美咲" };
    private static final String[] LAST = { "Müller", "García", "Nakamura", "O'Brien", "Kowalski", "Dubois", "Rossi",
            "Ørsted", "Иванова", "山田" };
    private static final String[] COUNTRY = { "DE", "FR", "ES", "PL", "JP", "IT", "US" };
    private static final long FIRST_CHANGE = 1_732_441_200_000L;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CdcAccounts() {
    }

    /** An account with every field set, about 1 KB. */
    public static ObjectNode full(String uid, long lastUpdatedTimestamp, Random random) {
        String email = uid.substring(0, Math.min(8, uid.length())) + "@example.com";
        ObjectNode account = NODES.objectNode()
                .put("UID", uid)
                .put("lastUpdatedTimestamp", lastUpdatedTimestamp)
                .put("lastUpdated", "2024-11-24T09:40:00.000Z")
                .put("created", "2021-03-02T08:00:00.000Z")
                .put("isActive", true).put("isRegistered", true).put("isVerified", true);
        ObjectNode emails = account.putObject("emails");
        emails.putArray("verified").add(email);
        emails.putArray("unverified");
        ObjectNode profile = account.putObject("profile")
                .put("email", email)
                .put("firstName", FIRST[random.nextInt(FIRST.length)])
                .put("lastName", LAST[random.nextInt(LAST.length)])
                .put("gender", random.nextBoolean() ? "f" : "m")
                .put("birthYear", 1950 + random.nextInt(55))
                .put("birthMonth", 1 + random.nextInt(12))
                .put("birthDay", 1 + random.nextInt(28))
                .put("city", "München")
                .put("country", COUNTRY[random.nextInt(COUNTRY.length)])
                .put("zip", "80331")
                .put("address", "Marienplatz " + (1 + random.nextInt(99)))
                .put("locale", "de");
        profile.putArray("phones").addObject().put("number", "+49 89 " + (1_000_000 + random.nextInt(8_999_999)))
                .put("type", "mobile");
        ObjectNode preferences = account.putObject("preferences");
        preferences.putObject("terms.ToS").put("isConsentGranted", true).put("docVersion", 2.0).put("lang", "de")
                .put("lastConsentModified", "2024-01-10T10:00:00.000Z");
        ObjectNode consent = preferences.putObject(MARKETING_CONSENT).put("isConsentGranted", random.nextBoolean())
                .put("docVersion", 1.0).put("lang", "de").put("lastConsentModified", "2024-06-01T12:00:00.000Z");
        consent.putArray("tags");
        consent.putArray("customData");
        consent.putArray("entitlements");
        ObjectNode newsletter = account.putObject("subscriptions").putObject(NEWSLETTER).putObject("email")
                .put("isSubscribed", random.nextBoolean());
        newsletter.putArray("tags");
        newsletter.put("lastUpdatedSubscriptionState", "2024-06-01T12:00:00.000Z");
        newsletter.putObject("doubleOptIn").put("status", "Confirmed");
        account.putObject("data").put("loyaltyTier", "gold").put("storeId", random.nextInt(500));
        return account;
    }

    /**
     * What one IdentitySync run sends for {@code count} accounts, in the order it sends them. Optional fields are
     * often absent (as in real tenants); one account in ten comes again later with a newer version, and a third of
     * those once more after it with an older one, as parallel writers reorder records; one in a hundred has a
     * marketing consent but an e-mail address SAP cannot take. UIDs are {@code uidPrefix} and a number.
     */
    public static List<ObjectNode> dataflowRun(String uidPrefix, int count, long seed) {
        Random random = new Random(seed);
        List<ObjectNode> first = new ArrayList<>();
        List<ObjectNode> later = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long changed = FIRST_CHANGE + random.nextInt(86_400_000);
            ObjectNode account = withoutSomeOptionalFields(full(uidPrefix + i, changed, random), random);
            first.add(account);
            if (i % 100 == 7) {
                account.withObjectProperty("profile").put("email", "no-address-" + i);
                account.withObjectProperty("preferences").putObject(MARKETING_CONSENT).put("isConsentGranted", true);
            } else if (i % 10 == 3) {
                ObjectNode newer = newerVersion(account, changed + 60_000 + random.nextInt(3_600_000), random);
                later.add(newer);
                if (i % 30 == 3) {
                    later.add(account.deepCopy().put("lastUpdatedTimestamp", changed - 3_600_000));
                }
            }
        }
        Collections.shuffle(later, random);
        first.addAll(later);
        return first;
    }

    private static ObjectNode withoutSomeOptionalFields(ObjectNode account, Random random) {
        ObjectNode profile = account.withObjectProperty("profile");
        if (random.nextInt(5) == 0) {
            profile.remove(List.of("birthYear", "birthMonth", "birthDay"));
        }
        if (random.nextInt(4) == 0) {
            profile.remove(List.of("address", "zip", "city"));
        }
        if (random.nextInt(3) == 0) {
            profile.remove("phones");
        }
        if (random.nextInt(10) == 0) {
            profile.remove("gender");
        }
        if (random.nextInt(20) == 0) {
            profile.remove("lastName");
        }
        if (random.nextInt(3) == 0) {
            account.withObjectProperty("preferences").remove(MARKETING_CONSENT);
        }
        if (random.nextInt(3) == 0) {
            account.remove("subscriptions");
        }
        if (random.nextInt(2) == 0) {
            account.remove("data");
        }
        if (random.nextInt(20) == 0) {
            // A profile without an e-mail address is legal; without one it can hold no consent for Marketing.
            profile.remove("email");
            account.remove(List.of("emails", "subscriptions"));
            account.withObjectProperty("preferences").remove(MARKETING_CONSENT);
        }
        return account;
    }

    /** The same account changed later: another first name, the marketing consent given or withdrawn. */
    private static ObjectNode newerVersion(ObjectNode account, long changed, Random random) {
        ObjectNode newer = account.deepCopy().put("lastUpdatedTimestamp", changed);
        newer.withObjectProperty("profile").put("firstName", FIRST[random.nextInt(FIRST.length)] + " (changed)");
        if (newer.withObjectProperty("profile").has("email")) {
            newer.withObjectProperty("preferences").putObject(MARKETING_CONSENT).put("isConsentGranted", random.nextBoolean())
                    .put("lastConsentModified", "2024-11-25T08:00:00.000Z");
        }
        return newer;
    }
}
