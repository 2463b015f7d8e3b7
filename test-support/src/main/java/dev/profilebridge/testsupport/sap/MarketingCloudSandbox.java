package dev.profilebridge.testsupport.sap;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server that behaves like SAP Marketing Cloud's contact API ({@code API_MKT_CONTACT_SRV;v=0004}) as far
 * as Profile Bridge uses it, and checks what it receives as strictly: Basic or Bearer authentication, the CSRF token
 * with its session cookie, {@code $batch} multipart parsed strictly, every entity validated against the API's field
 * names, types and lengths, one changeset succeeding or failing as a whole. It stores contacts so tests can read them
 * back, counts concurrent requests, and injects faults on demand.
 */
public final class MarketingCloudSandbox implements AutoCloseable {

    public static final String SERVICE_PATH = "/sap/opu/odata/sap/API_MKT_CONTACT_SRV;v=0004";
    /** Where SAP systems serve OAuth 2.0 tokens. */
    public static final String OAUTH_TOKEN_PATH = "/sap/bc/sec/oauth2/token";

    /** ContactOriginData properties we accept, with their maximum length (0: not a string). */
    private static final Map<String, Integer> ORIGIN_FIELDS = Map.ofEntries(
            Map.entry("ContactOrigin", 20), Map.entry("ContactID", 255),
            Map.entry("OriginDataLastChgUTCDateTime", 0), Map.entry("FirstName", 40), Map.entry("LastName", 40),
            Map.entry("FullName", 80), Map.entry("EmailAddress", 241), Map.entry("PhoneNumber", 30),
            Map.entry("MobileNumber", 30), Map.entry("Country", 3), Map.entry("CityName", 40),
            Map.entry("StreetName", 60), Map.entry("ContactPostalCode", 10), Map.entry("Language", 2),
            Map.entry("GenderCode", 1), Map.entry("BirthDate", 0), Map.entry("IsConsumer", 0));
    private static final Set<String> PERMISSION_KEY = Set.of("ContactID", "ContactOrigin", "ContactPermissionID",
            "ContactPermissionOrigin", "MarketingArea", "CommunicationMedium");
    private static final Set<String> SUBSCRIPTION_KEY = union(PERMISSION_KEY, Set.of("SubscriptionTopic"));
    private static final Pattern ENTITY = Pattern.compile("^(ContactOriginData|MarketingPermissions|MarketingSubscriptions)\\((.*)\\)$");
    private static final Pattern KEY_PART = Pattern.compile("(\\w+)='((?:[^']|'')*)'");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern CONTACT_ID = Pattern.compile("ContactID='((?:[^']|'')*)'");
    private static final Pattern DATE = Pattern.compile("^/Date\\((-?\\d+)([+-]\\d{4})?\\)/$");
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm and delayed
        // ACKs add about 40 ms to every answer, which would make the sandbox slower than its configured latency.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final String user;
    private final String password;
    private final Map<String, Long> bearerTokens = new ConcurrentHashMap<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private volatile String oauthClient;
    private volatile Duration oauthTokenLifetime = Duration.ofHours(1);
    private final Map<String, MarketingContact> contacts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> contactsInFlight = new ConcurrentHashMap<>();
    /** Protocol requests not answered yet (HttpExchange attributes are shared by all exchanges of a context). */
    private final Map<HttpExchange, OpenRequest> open = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> originDataWrites = new ConcurrentHashMap<>();
    private final Set<String> rejectedContactIds = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final AtomicInteger batches = new AtomicInteger();
    private final AtomicInteger overlappingContactWrites = new AtomicInteger();
    private final AtomicInteger faultsLeft = new AtomicInteger();
    private volatile int faultStatus;
    private volatile Duration faultRetryAfter;
    private volatile Duration latency = Duration.ZERO;
    private volatile String csrfToken = UUID.randomUUID().toString();
    private final Set<String> sessions = ConcurrentHashMap.newKeySet();

    private MarketingCloudSandbox(int port, String user, String password) {
        this.user = user;
        this.password = password;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext(SERVICE_PATH, this::handle);
        server.createContext("/sandbox/stats", this::stats);
        server.createContext(OAUTH_TOKEN_PATH, this::oauthToken);
        server.start();
    }

    /** Starts a sandbox on {@code port} (0: a free one) that accepts Basic {@code user:password}. */
    public static MarketingCloudSandbox start(int port, String user, String password) {
        return new MarketingCloudSandbox(port, user, password);
    }

    public String serviceUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + SERVICE_PATH;
    }

    // ---- what tests set -----------------------------------------------------------------------------------------

    public void acceptBearerToken(String token) {
        bearerTokens.put(token, Long.MAX_VALUE);
    }

    /**
     * Serves OAuth 2.0 client-credentials tokens at {@link #OAUTH_TOKEN_PATH} to {@code clientId:secret} (HTTP Basic);
     * each token is accepted as a Bearer token until it expires.
     */
    public void enableOAuth(String clientId, String secret, Duration tokenLifetime) {
        this.oauthClient = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        this.oauthTokenLifetime = tokenLifetime;
    }

    public String oauthTokenUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + OAUTH_TOKEN_PATH;
    }

    public int oauthTokensIssued() {
        return tokensIssued.get();
    }

    /**
     * Every request is answered this long after it arrived. The sandbox's own parsing and checks run within that
     * time, as SAP's processing is part of its latency, so the sandbox's CPU does not add to what a benchmark sets.
     */
    public void latency(Duration latency) {
        this.latency = latency;
    }

    /** The next {@code count} $batch requests get {@code status} (429 or 503), with Retry-After when given. */
    public void failNextBatches(int count, int status, Duration retryAfter) {
        this.faultStatus = status;
        this.faultRetryAfter = retryAfter;
        this.faultsLeft.set(count);
    }

    /** Every changeset that writes this contact fails, as a validation error would. */
    public void rejectContact(String contactId) {
        rejectedContactIds.add(contactId);
    }

    /** The CSRF token expires: the next write gets 403 with {@code x-csrf-token: Required}. */
    public void expireCsrfToken() {
        csrfToken = UUID.randomUUID().toString();
        sessions.clear();
    }

    // ---- what tests read ----------------------------------------------------------------------------------------

    public MarketingContact contact(String origin, String id) {
        return contacts.get(origin + "|" + id);
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

    public int peakConcurrentRequests() {
        return peakInFlight.get();
    }

    public int batchRequests() {
        return batches.get();
    }

    /** How often a request wrote a contact that another request in flight was writing too. */
    public int overlappingContactWrites() {
        return overlappingContactWrites.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void oauthToken(HttpExchange exchange) throws IOException {
        try {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (oauthClient == null || !oauthClient.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "application/json", "{\"error\":\"invalid_client\"}");
            } else if (!body.contains("grant_type=client_credentials")) {
                send(exchange, 400, "application/json", "{\"error\":\"unsupported_grant_type\"}");
            } else {
                String token = UUID.randomUUID().toString();
                bearerTokens.put(token, System.currentTimeMillis() + oauthTokenLifetime.toMillis());
                tokensIssued.incrementAndGet();
                send(exchange, 200, "application/json", "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\","
                        + "\"expires_in\":" + oauthTokenLifetime.toSeconds() + "}");
            }
        } finally {
            exchange.close();
        }
    }

    /** What a benchmark or the local stack's demo reads from outside: counts, not contacts. */
    private void stats(HttpExchange exchange) throws IOException {
        try {
            send(exchange, 200, "application/json", "{\"contacts\":" + contacts.size() + ",\"batches\":" + batches.get()
                    + ",\"peakConcurrentRequests\":" + peakInFlight.get() + ",\"overlappingContactWrites\":"
                    + overlappingContactWrites.get() + "}");
        } finally {
            exchange.close();
        }
    }

    // ---- the protocol -------------------------------------------------------------------------------------------

    /** When (System.nanoTime) the answer may leave, and the contacts the request writes. */
    private static final class OpenRequest {
        final long answerAt;
        Set<String> contacts = Set.of();

        OpenRequest(long answerAt) {
            this.answerAt = answerAt;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        peakInFlight.accumulateAndGet(now, Math::max);
        open.put(exchange, new OpenRequest(System.nanoTime() + latency.toNanos()));
        try {
            if (!authenticated(exchange)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"SAP NetWeaver Application Server\"");
                send(exchange, 401, "text/plain", "Unauthorized");
                return;
            }
            String path = exchange.getRequestURI().getRawPath().substring(SERVICE_PATH.length());
            if (exchange.getRequestMethod().equals("GET") && (path.isEmpty() || path.equals("/"))) {
                serviceDocument(exchange);
            } else if (exchange.getRequestMethod().equals("POST") && path.equals("/$batch")) {
                batch(exchange);
            } else {
                send(exchange, 404, "application/json", error("/IWFND/MED/170", "No service found for " + path));
            }
        } catch (Multipart.BadRequest e) {
            send(exchange, 400, "application/json", error("/IWFND/CM_MGW/004", e.getMessage()));
        } finally {
            answered(exchange);
            exchange.close();
        }
    }

    /**
     * The request stops counting as in flight before its answer is written: a client that sends its next request
     * as soon as it has the answer must not be seen overlapping this one.
     */
    private void answered(HttpExchange exchange) {
        OpenRequest request = open.remove(exchange);
        if (request != null) {
            request.contacts.forEach(id -> contactsInFlight.get(id).decrementAndGet());
            inFlight.decrementAndGet();
        }
    }

    private boolean authenticated(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null) {
            return false;
        }
        if (authorization.startsWith("Bearer ")) {
            Long expiry = bearerTokens.get(authorization.substring(7));
            return expiry != null && expiry > System.currentTimeMillis();
        }
        String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return authorization.equals(expected);
    }

    private void serviceDocument(HttpExchange exchange) throws IOException {
        if ("Fetch".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("X-CSRF-Token"))) {
            String session = UUID.randomUUID().toString();
            sessions.add(session);
            exchange.getResponseHeaders().add("X-CSRF-Token", csrfToken);
            exchange.getResponseHeaders().add("Set-Cookie", "SAP_SESSIONID_MKT_100=" + session + "; path=/; HttpOnly");
        }
        send(exchange, 200, "application/json", "{\"d\":{\"EntitySets\":[\"ContactOriginData\",\"MarketingPermissions\",\"MarketingSubscriptions\"]}}");
    }

    private void batch(HttpExchange exchange) throws IOException {
        if (!csrfValid(exchange)) {
            exchange.getResponseHeaders().add("x-csrf-token", "Required");
            send(exchange, 403, "text/plain", "CSRF token validation failed");
            return;
        }
        batches.incrementAndGet();
        if (faultsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            if (faultRetryAfter != null) {
                exchange.getResponseHeaders().add("Retry-After", Long.toString(faultRetryAfter.toSeconds()));
            }
            send(exchange, faultStatus, "application/json", error("SY/530", "Injected fault " + faultStatus));
            return;
        }
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
        open.get(exchange).contacts = touched;
        String boundary = "batchresponse_" + UUID.randomUUID();
        StringBuilder response = new StringBuilder();
        for (List<Multipart.Part> requests : changesets) {
            response.append("--").append(boundary).append("\r\n").append(changeset(requests));
        }
        response.append("--").append(boundary).append("--\r\n");
        send(exchange, 202, "multipart/mixed; boundary=" + boundary, response.toString());
    }

    private boolean csrfValid(HttpExchange exchange) {
        String token = exchange.getRequestHeaders().getFirst("X-CSRF-Token");
        String cookies = String.join(";", exchange.getRequestHeaders().getOrDefault("Cookie", List.of()));
        boolean hasSession = sessions.stream().anyMatch(s -> cookies.contains("SAP_SESSIONID_MKT_100=" + s));
        return csrfToken.equals(token) && hasSession;
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
            return "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
                    + "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n\r\n" + error(e.code, e.getMessage()) + "\r\n";
        }
        for (MarketingContact contact : staged.values()) {
            if (!contact.permissions().isEmpty() && contact.originData().get("EmailAddress") instanceof String email
                    && !EMAIL.matcher(email).matches()) {
                return "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
                        + "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n\r\n"
                        + error("HPA_CONTACT/012", "E-mail address " + email + " is invalid") + "\r\n";
            }
        }
        staged.forEach((key, contact) -> {
            contacts.put(key, contact);
            originDataWrites.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
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

    private static final class Rejected extends RuntimeException {
        final String code;

        Rejected(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    private void apply(Multipart.Part part, Map<String, MarketingContact> staged, Set<String> permissionKeys) {
        if (!"application/http".equals(part.header("Content-Type"))) {
            throw new Multipart.BadRequest("A changeset part must be application/http, was " + part.header("Content-Type"));
        }
        String message = part.body();
        int lineEnd = message.indexOf("\r\n");
        String[] requestLine = (lineEnd < 0 ? message : message.substring(0, lineEnd)).split(" ");
        if (requestLine.length != 3 || !requestLine[2].equals("HTTP/1.1")) {
            throw new Multipart.BadRequest("Malformed request line in a changeset: " + message.lines().findFirst().orElse(""));
        }
        Multipart.Part http = Multipart.part(lineEnd < 0 ? "" : message.substring(lineEnd + 2));
        String contentType = http.header("Content-Type");
        if (contentType == null || !contentType.startsWith("application/json")) {
            throw new Rejected("/IWFND/CM_MGW/025", "Content-Type application/json required");
        }
        String url = URLDecoder.decode(requestLine[1], StandardCharsets.UTF_8);
        Matcher entity = ENTITY.matcher(url);
        if (!entity.matches()) {
            throw new Rejected("/IWFND/MED/170", "Unknown resource " + url);
        }
        Map<String, String> key = key(entity.group(2));
        ObjectNode body = json(http.body().trim());
        switch (entity.group(1) + " " + requestLine[0]) {
            case "ContactOriginData PUT" -> originData(key, body, staged);
            case "MarketingPermissions PATCH" -> consent(key, PERMISSION_KEY, body, staged, permissionKeys, true);
            case "MarketingSubscriptions PATCH" -> consent(key, SUBSCRIPTION_KEY, body, staged, permissionKeys, false);
            default -> throw new Rejected("/IWFND/CM_MGW/001", requestLine[0] + " is not allowed on " + entity.group(1));
        }
    }

    private void originData(Map<String, String> key, ObjectNode body, Map<String, MarketingContact> staged) {
        if (!key.keySet().equals(Set.of("ContactOrigin", "ContactID"))) {
            throw new Rejected("/IWBEP/CM_MGW_RT/020", "ContactOriginData key must be ContactOrigin and ContactID");
        }
        String origin = key.get("ContactOrigin");
        String id = key.get("ContactID");
        if (rejectedContactIds.contains(id)) {
            throw new Rejected("HPA_CONTACT/100", "Contact " + id + " rejected by the sandbox");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        body.fields().forEachRemaining(field -> fields.put(field.getKey(), validField(field.getKey(), field.getValue())));
        if (!fields.containsKey("OriginDataLastChgUTCDateTime")) {
            throw new Rejected("HPA_CONTACT/020", "OriginDataLastChgUTCDateTime is required");
        }
        if (fields.containsKey("ContactID") && !id.equals(fields.get("ContactID"))
                || fields.containsKey("ContactOrigin") && !origin.equals(fields.get("ContactOrigin"))) {
            throw new Rejected("/IWBEP/CM_MGW_RT/021", "Key in the body differs from the key in the URL");
        }
        MarketingContact previous = staged.containsKey(origin + "|" + id) ? staged.get(origin + "|" + id) : contacts.get(origin + "|" + id);
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
        if (name.equals("GenderCode") && !Set.of("", "0", "1", "2").contains(text)) {
            throw new Rejected("/IWBEP/CM_MGW_RT/022", "GenderCode " + text + " is not a gender code");
        }
        return text;
    }

    private static Map<String, String> key(String keyText) {
        Map<String, String> key = new LinkedHashMap<>();
        Matcher part = KEY_PART.matcher(keyText);
        int consumed = 0;
        while (part.find()) {
            key.put(part.group(1), part.group(2).replace("''", "'"));
            consumed += part.group().length() + 1;
        }
        if (consumed - 1 != keyText.length()) {
            throw new Rejected("/IWBEP/CM_MGW_RT/020", "Malformed key (" + keyText + ")");
        }
        return key;
    }

    private static ObjectNode json(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // answered below
        }
        throw new Rejected("/IWBEP/CM_MGW_RT/010", "The request body is not a JSON object");
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

    private static String error(String code, String message) {
        ObjectNode error = JSON.createObjectNode();
        ObjectNode inner = error.putObject("error");
        inner.put("code", code);
        inner.putObject("message").put("lang", "en").put("value", message);
        inner.putObject("innererror").put("transactionid", UUID.randomUUID().toString().replace("-", "").toUpperCase());
        return error.toString();
    }

    private void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        OpenRequest request = open.get(exchange);
        if (request != null) {
            sleepUntil(request.answerAt);
            answered(exchange);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
