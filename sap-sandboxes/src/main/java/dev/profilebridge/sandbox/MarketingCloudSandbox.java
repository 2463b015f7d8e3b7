package dev.profilebridge.sandbox;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * A real HTTP server that behaves like SAP Marketing Cloud's contact API ({@code API_MKT_CONTACT_SRV;v=0004}) as far
 * as Profile Bridge uses it, and checks what it receives as strictly: Basic or Bearer authentication, the CSRF token
 * with its session cookie, {@code $batch} multipart parsed strictly, every entity validated against the API's field
 * names, types and lengths, one changeset succeeding or failing as a whole. It stores contacts so tests can read them
 * back, counts concurrent requests, and injects faults on demand.
 */
public final class MarketingCloudSandbox extends SapGatewaySandbox {

    public static final String SERVICE_PATH = "/sap/opu/odata/sap/API_MKT_CONTACT_SRV;v=0004";

    /** ContactOriginData properties we accept, with their maximum length (0: not a string). */
    private static final Map<String, Integer> ORIGIN_FIELDS = Map.ofEntries(
            Map.entry("ContactOrigin", 20), Map.entry("ContactID", 255),
            Map.entry("OriginDataLastChgUTCDateTime", 0), Map.entry("FirstName", 40), Map.entry("LastName", 40),
            Map.entry("FullName", 80), Map.entry("EmailAddress", 241), Map.entry("PhoneNumber", 30),
            Map.entry("MobileNumber", 30), Map.entry("Country", 3), Map.entry("CityName", 40),
            Map.entry("StreetName", 60), Map.entry("ContactPostalCode", 10), Map.entry("Language", 2),
            Map.entry("GenderCode", 1), Map.entry("BirthDate", 0), Map.entry("IsConsumer", 0));
    /**
     * Country and Language take codes from SAP's code lists (ISO 3166 countries, ISO 639 languages, upper case), not
     * any text of the right length; an empty value clears the field.
     */
    private static final Map<String, Set<String>> CODE_LISTS = Map.of(
            "Country", Set.of(Locale.getISOCountries()),
            "Language", Arrays.stream(Locale.getISOLanguages()).map(l -> l.toUpperCase(Locale.ROOT)).collect(Collectors.toSet()));
    private static final Set<String> PERMISSION_KEY = Set.of("ContactID", "ContactOrigin", "ContactPermissionID",
            "ContactPermissionOrigin", "MarketingArea", "CommunicationMedium");
    private static final Set<String> SUBSCRIPTION_KEY = union(PERMISSION_KEY, Set.of("SubscriptionTopic"));
    private static final Pattern ENTITY = Pattern.compile("^(ContactOriginData|MarketingPermissions|MarketingSubscriptions)\\((.*)\\)$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern CONTACT_ID = Pattern.compile("ContactID='((?:[^']++|'')*)'");
    private static final Pattern DATE = Pattern.compile("^/Date\\((-?\\d+)([+-]\\d{4})?\\)/$");
    /** {@code Sap-Cuan-RequestTimestamp} as SAP's samples write it, {@code '2017-08-15T11:20:27.000'} (UTC). */
    private static final Pattern QUOTED_TIMESTAMP = Pattern.compile("^'(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,7})?)Z?'$");
    /** … and as SAP's own Commerce integration writes it, {@code 20170815112027.0000000} (UTC). */
    private static final Pattern COMPACT_TIMESTAMP = Pattern.compile("^(\\d{14})(?:\\.\\d{1,7})?$");
    private static final DateTimeFormatter COMPACT_SECONDS = DateTimeFormatter.ofPattern("uuuuMMddHHmmss")
            .withResolverStyle(ResolverStyle.STRICT);

    private final Map<String, MarketingContact> contacts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> contactsInFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> originDataWrites = new ConcurrentHashMap<>();
    private final Set<String> rejectedContactIds = ConcurrentHashMap.newKeySet();
    private final AtomicInteger batches = new AtomicInteger();
    /** The last request timestamp found valid: a batch's parts usually share one, and parsing each was costly. */
    private volatile String lastValidTimestamp;
    private final AtomicInteger overlappingContactWrites = new AtomicInteger();
    /** The contacts each unanswered request writes. */
    private final Map<HttpExchange, Set<String>> writing = new ConcurrentHashMap<>();

    private MarketingCloudSandbox(int port, String user, String password) {
        super(port, SERVICE_PATH, "SAP_SESSIONID_MKT_100", user, password);
    }

    /** Starts a sandbox on {@code port} (0: a free one) that accepts Basic {@code user:password}. */
    public static MarketingCloudSandbox start(int port, String user, String password) {
        return new MarketingCloudSandbox(port, user, password);
    }

    // ---- what tests set -----------------------------------------------------------------------------------------

    /** Every changeset that writes this contact fails, as a validation error would. */
    public void rejectContact(String contactId) {
        rejectedContactIds.add(contactId);
    }

    /** The contact is accepted again (the data or the mapping was fixed). */
    public void acceptContact(String contactId) {
        rejectedContactIds.remove(contactId);
    }

    // ---- what tests read ----------------------------------------------------------------------------------------

    public MarketingContact contact(String origin, String id) {
        return contacts.get(origin + "|" + id);
    }

    /** The first name of this contact, or null when the sandbox has no such contact. */
    public String firstName(String origin, String id) {
        MarketingContact contact = contact(origin, id);
        return contact == null ? null : (String) contact.field("FirstName");
    }

    /** How many changesets wrote this contact's origin data. */
    public int originDataWrites(String origin, String id) {
        AtomicInteger writes = originDataWrites.get(origin + "|" + id);
        return writes == null ? 0 : writes.get();
    }

    /** The IDs of the stored contacts of one origin. */
    public Set<String> contactIds(String origin) {
        return contacts.values().stream().filter(contact -> contact.origin().equals(origin)).map(MarketingContact::id)
                .collect(java.util.stream.Collectors.toSet());
    }

    public int contactCount() {
        return contacts.size();
    }

    public int batchRequests() {
        return batches.get();
    }

    /** How often a request wrote a contact that another request in flight was writing too. */
    public int overlappingContactWrites() {
        return overlappingContactWrites.get();
    }

    @Override
    protected List<String> entitySets() {
        return List.of("ContactOriginData", "MarketingPermissions", "MarketingSubscriptions");
    }

    /** What a benchmark or the local stack's demo reads from outside: counts, not contacts. */
    @Override
    protected Map<String, Object> stats() {
        return Map.of("contacts", contacts.size(), "batches", batches.get(), "overlappingContactWrites",
                overlappingContactWrites.get());
    }

    @Override
    protected void resetServiceCounts() {
        batches.set(0);
        overlappingContactWrites.set(0);
    }

    // ---- the protocol -------------------------------------------------------------------------------------------

    @Override
    protected void serve(HttpExchange exchange, String path) throws IOException {
        if (exchange.getRequestMethod().equals("POST") && path.equals("/$batch")) {
            batch(exchange);
        } else {
            send(exchange, 404, "application/json", error("/IWFND/MED/170", "No service found for " + path));
        }
    }

    @Override
    protected void answered(HttpExchange exchange) {
        Set<String> contactIds = writing.remove(exchange);
        if (contactIds != null) {
            contactIds.forEach(id -> contactsInFlight.get(id).decrementAndGet());
        }
    }

    private void batch(HttpExchange exchange) throws IOException {
        if (!admitWrite(exchange)) {
            return;
        }
        batches.incrementAndGet();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        List<List<Multipart.Part>> changesets = Multipart.parse(body,
                Multipart.boundary(exchange.getRequestHeaders().getFirst("Content-Type"))).stream()
                .map(part -> Multipart.parse(part.body(), Multipart.boundary(part.header("Content-Type")))).toList();
        Set<String> touched = contactsOf(changesets);
        touched.forEach(id -> {
            if (contactsInFlight.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() > 1) {
                overlappingContactWrites.incrementAndGet();
            }
        });
        writing.put(exchange, touched);
        String boundary = "batchresponse_" + UUID.randomUUID();
        StringBuilder response = new StringBuilder();
        for (List<Multipart.Part> requests : changesets) {
            response.append("--").append(boundary).append("\r\n").append(changeset(requests));
        }
        response.append("--").append(boundary).append("--\r\n");
        send(exchange, 202, "multipart/mixed; boundary=" + boundary, response.toString());
    }

    /** One changeset: all its requests apply, or none and the answer is the first error. */
    private String changeset(List<Multipart.Part> requests) {
        Map<String, MarketingContact> staged = new LinkedHashMap<>();
        Set<String> permissionKeys = new HashSet<>();
        try {
            for (Multipart.Part request : requests) {
                apply(request, staged, permissionKeys);
            }
        } catch (Rejected e) {
            return failedChangeset(e);
        }
        for (MarketingContact contact : staged.values()) {
            if (!contact.permissions().isEmpty() && contact.originData().get("EmailAddress") instanceof String email
                    && !EMAIL.matcher(email).matches()) {
                return failedChangeset(new Rejected("HPA_CONTACT/012", "E-mail address " + email + " is invalid"));
            }
        }
        staged.forEach((key, contact) -> {
            contacts.put(key, contact);
            originDataWrites.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            stored(contact.id(), contact.field("FirstName"));
        });
        String inner = "changesetresponse_" + UUID.randomUUID();
        StringBuilder response = new StringBuilder("Content-Type: multipart/mixed; boundary=" + inner + "\r\n\r\n");
        for (int i = 0; i < requests.size(); i++) {
            response.append("--").append(inner).append("\r\n")
                    .append("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n")
                    .append("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n\r\n");
        }
        return response.append("--").append(inner).append("--\r\n").toString();
    }

    private void apply(Multipart.Part part, Map<String, MarketingContact> staged, Set<String> permissionKeys) {
        String[] requestLine = requestLine(part);
        Multipart.Part http = httpMessage(part);
        String contentType = http.header("Content-Type");
        if (contentType == null || !contentType.startsWith("application/json")) {
            throw new Rejected("/IWFND/CM_MGW/025", "Content-Type application/json required");
        }
        String url = URLDecoder.decode(requestLine[1], StandardCharsets.UTF_8);
        Matcher entity = ENTITY.matcher(url);
        if (!entity.matches()) {
            throw new Rejected("/IWFND/MED/170", "Unknown resource " + url);
        }
        boolean updatePatch = sourceHeaders(http);
        Map<String, String> key = key(entity.group(2));
        ObjectNode body = json(http.body().trim());
        switch (entity.group(1) + " " + requestLine[0]) {
            case "ContactOriginData PUT" -> originData(key, body, staged, updatePatch);
            case "MarketingPermissions PATCH" -> consent(key, PERMISSION_KEY, body, staged, permissionKeys, true);
            case "MarketingSubscriptions PATCH" -> consent(key, SUBSCRIPTION_KEY, body, staged, permissionKeys, false);
            default -> throw new Rejected("/IWFND/CM_MGW/001", requestLine[0] + " is not allowed on " + entity.group(1));
        }
    }

    /**
     * The {@code Sap-Cuan-*} headers every contact write carries (docs/sap-conformance.md, rows MKT-H1 to MKT-H5): the
     * source system's type and id, the request timestamp in either form SAP's content sends it, synchronous processing
     * as an ABAP flag. True when {@code Sap-Cuan-SequenceId: UpdatePatch} asks a PUT to keep what it does not carry.
     */
    private boolean sourceHeaders(Multipart.Part http) {
        for (String name : List.of("Sap-Cuan-RequestTimestamp", "Sap-Cuan-SourceSystemType", "Sap-Cuan-SourceSystemId")) {
            String value = http.header(name);
            if (value == null || value.isBlank()) {
                throw new Rejected("HPA_CONTACT/201", "Header " + name + " is missing: a contact write names its source "
                        + "system and request time");
            }
        }
        String timestamp = http.header("Sap-Cuan-RequestTimestamp");
        if (!validRequestTimestamp(timestamp)) {
            throw new Rejected("HPA_CONTACT/202", "Sap-Cuan-RequestTimestamp " + timestamp + " is not a timestamp like "
                    + "'2017-08-15T11:20:27.000' or 20170815112027.0000000");
        }
        String synchronous = http.header("Sap-Cuan-ForceSynchronousProcessing");
        if (synchronous != null && !synchronous.equals("X")) {
            throw new Rejected("HPA_CONTACT/203", "Sap-Cuan-ForceSynchronousProcessing takes X, was " + synchronous);
        }
        return "UpdatePatch".equals(http.header("Sap-Cuan-SequenceId"));
    }

    private boolean validRequestTimestamp(String value) {
        if (value.equals(lastValidTimestamp)) {
            return true;
        }
        boolean valid = parsesAsRequestTimestamp(value);
        if (valid) {
            lastValidTimestamp = value;
        }
        return valid;
    }

    private static boolean parsesAsRequestTimestamp(String value) {
        Matcher quoted = QUOTED_TIMESTAMP.matcher(value);
        Matcher compact = COMPACT_TIMESTAMP.matcher(value);
        try {
            if (quoted.matches()) {
                LocalDateTime.parse(quoted.group(1));
                return true;
            }
            if (compact.matches()) {
                LocalDateTime.parse(compact.group(1), COMPACT_SECONDS);
                return true;
            }
        } catch (DateTimeParseException e) {
            return false;
        }
        return false;
    }

    private void originData(Map<String, String> key, ObjectNode body, Map<String, MarketingContact> staged,
            boolean updatePatch) {
        if (!key.keySet().equals(Set.of("ContactOrigin", "ContactID"))) {
            throw new Rejected("/IWBEP/CM_MGW_RT/020", "ContactOriginData key must be ContactOrigin and ContactID");
        }
        String origin = key.get("ContactOrigin");
        String id = key.get("ContactID");
        if (rejectedContactIds.contains(id)) {
            throw new Rejected("HPA_CONTACT/100", "Contact " + id + " rejected by the sandbox");
        }
        MarketingContact previous = staged.containsKey(origin + "|" + id) ? staged.get(origin + "|" + id) : contacts.get(origin + "|" + id);
        // UpdatePatch: what the PUT does not carry stays as it was; without it, the PUT replaces the origin data.
        Map<String, Object> fields = updatePatch && previous != null ? new LinkedHashMap<>(previous.originData())
                : new LinkedHashMap<>();
        body.fields().forEachRemaining(field -> fields.put(field.getKey(), validField(field.getKey(), field.getValue())));
        if (!body.has("OriginDataLastChgUTCDateTime")) {
            throw new Rejected("HPA_CONTACT/020", "OriginDataLastChgUTCDateTime is required");
        }
        if (fields.containsKey("ContactID") && !id.equals(fields.get("ContactID"))
                || fields.containsKey("ContactOrigin") && !origin.equals(fields.get("ContactOrigin"))) {
            throw new Rejected("/IWBEP/CM_MGW_RT/021", "Key in the body differs from the key in the URL");
        }
        staged.put(origin + "|" + id, new MarketingContact(origin, id, fields,
                previous == null ? new LinkedHashMap<>() : new LinkedHashMap<>(previous.permissions()),
                previous == null ? new LinkedHashMap<>() : new LinkedHashMap<>(previous.subscriptions())));
    }

    private void consent(Map<String, String> key, Set<String> keyNames, ObjectNode body,
            Map<String, MarketingContact> staged, Set<String> seenKeys, boolean permission) {
        if (!key.keySet().equals(keyNames)) {
            throw new Rejected("/IWBEP/CM_MGW_RT/020", "Key must be " + keyNames + ", was " + key.keySet());
        }
        String flag = permission ? "PermissionGranted" : "SubscriptionSignUpExists";
        String time = permission ? "PermissionUTCDateTime" : "SubscriptionUTCDateTime";
        // Like SAP Gateway for any entity, a property the entity type does not have is refused, not ignored.
        body.fieldNames().forEachRemaining(name -> {
            if (!keyNames.contains(name) && !name.equals(flag) && !name.equals(time)) {
                throw new Rejected("/IWBEP/CM_MGW_RT/018", "Property " + name + " is invalid");
            }
        });
        JsonNode value = body.get(flag);
        if (value == null || !(value.asText().equals("Y") || value.asText().equals("N"))) {
            throw new Rejected("HPA_CONTACT/031", flag + " must be Y or N");
        }
        if (body.has(time) && !DATE.matcher(body.get(time).asText()).matches()) {
            throw new Rejected("/IWBEP/CM_MGW_RT/022", time + " must be an Edm.DateTimeOffset like /Date(1732441200000)/");
        }
        String joined = String.join("|", new java.util.TreeMap<>(key).values());
        if (!seenKeys.add(joined)) {
            throw new Rejected("HPA_CONTACT/040", "Two " + (permission ? "permissions" : "subscriptions") + " with the key " + joined);
        }
        String contactKey = key.get("ContactOrigin") + "|" + key.get("ContactID");
        MarketingContact contact = staged.get(contactKey);
        if (contact == null) {
            throw new Rejected("HPA_CONTACT/030", "Write the contact's origin data before its " + (permission ? "permissions" : "subscriptions"));
        }
        Map<String, Object> values = new LinkedHashMap<>(key);
        values.put(flag, value.asText());
        if (body.has(time)) {
            values.put(time, body.get(time).asText());
        }
        (permission ? contact.permissions() : contact.subscriptions()).put(joined, values);
    }

    private static Object validField(String name, JsonNode value) {
        if (name.startsWith("YY1_")) {
            return value.asText();
        }
        Integer max = ORIGIN_FIELDS.get(name);
        if (max == null) {
            throw new Rejected("/IWBEP/CM_MGW_RT/018", "Property " + name + " is invalid");
        }
        if (name.equals("IsConsumer")) {
            if (!value.isBoolean()) {
                throw new Rejected("/IWBEP/CM_MGW_RT/022", "IsConsumer must be a boolean");
            }
            return value.booleanValue();
        }
        if (!value.isTextual()) {
            throw new Rejected("/IWBEP/CM_MGW_RT/022", name + " must be a string");
        }
        String text = value.textValue();
        if (max == 0 && !DATE.matcher(text).matches()) {
            throw new Rejected("/IWBEP/CM_MGW_RT/022", name + " must be a date like /Date(1732441200000)/, was " + text);
        }
        if (max > 0 && text.length() > max) {
            throw new Rejected("/IWBEP/CM_MGW_RT/022", name + " is longer than " + max + " characters");
        }
        if (CODE_LISTS.containsKey(name) && !text.isEmpty() && !CODE_LISTS.get(name).contains(text)) {
            throw new Rejected("/IWBEP/CM_MGW_RT/022", "Value " + text + " is not in the code list of " + name);
        }
        if (name.equals("GenderCode") && !Set.of("", "0", "1", "2").contains(text)) {
            throw new Rejected("/IWBEP/CM_MGW_RT/022", "GenderCode " + text + " is not a gender code");
        }
        return text;
    }

    /** The contacts the requests' URLs name; only request lines are decoded, not the JSON bodies after them. */
    private Set<String> contactsOf(List<List<Multipart.Part>> changesets) {
        Set<String> ids = new HashSet<>();
        Matcher id = CONTACT_ID.matcher("");
        for (List<Multipart.Part> requests : changesets) {
            for (Multipart.Part request : requests) {
                id.reset(URLDecoder.decode(request.body().lines().findFirst().orElse(""), StandardCharsets.UTF_8));
                while (id.find()) {
                    ids.add(id.group(1));
                }
            }
        }
        return ids;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
