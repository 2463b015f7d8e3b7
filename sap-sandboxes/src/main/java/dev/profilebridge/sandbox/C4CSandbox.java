package dev.profilebridge.sandbox;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * A real HTTP server that behaves like SAP Service Cloud's (C4C) OData V2 API for {@code IndividualCustomerCollection}
 * as far as Profile Bridge uses it, and checks what it receives as strictly: reads with {@code $filter} on
 * {@code ExternalID}, {@code $select} and {@code $format=json}, as a GET or as GET parts of a {@code $batch} (outside
 * changesets, URL-encoded, no body); writes only in {@code $batch} changesets (POST
 * answers 201 with a new ObjectID and ETag, PATCH checks {@code If-Match} when given and answers 412 on a stale ETag); field
 * names, lengths and code lists validated, a last name required. Like C4C it does not keep ExternalID unique: two
 * POSTs for one UID make two customers, which tests look for. A customer written by two requests at once gets a
 * record-lock error; more concurrent calls than the tenant allows get 429.
 */
public final class C4CSandbox extends SapGatewaySandbox {

    public static final String SERVICE_PATH = "/sap/c4c/odata/v1/c4codataapi";
    private static final String COLLECTION = "IndividualCustomerCollection";

    /** Writable properties with their maximum length (0: a date, -1: a code from a code list). */
    private static final Map<String, Integer> FIELDS = Map.ofEntries(
            Map.entry("ExternalID", 100), Map.entry("ExternalSystem", 20), Map.entry("FirstName", 40),
            Map.entry("LastName", 40), Map.entry("Email", 255), Map.entry("Phone", 40), Map.entry("Mobile", 40),
            Map.entry("City", 40), Map.entry("Street", 60), Map.entry("StreetPostalCode", 10),
            Map.entry("CountryCode", -1), Map.entry("LanguageCode", -1), Map.entry("GenderCode", -1),
            Map.entry("ContactPermissionCode", -1), Map.entry("LifeCycleStatusCode", -1), Map.entry("BirthDate", 0));
    private static final Set<String> READ_ONLY = Set.of("ObjectID", "CustomerID", "ETag");
    private static final Map<String, Set<String>> CODE_LISTS = Map.of(
            "CountryCode", Set.of(Locale.getISOCountries()),
            "LanguageCode", Arrays.stream(Locale.getISOLanguages()).map(l -> l.toUpperCase(Locale.ROOT)).collect(Collectors.toSet()),
            "GenderCode", Set.of("0", "1", "2"),
            "ContactPermissionCode", Set.of("1", "2"),
            "LifeCycleStatusCode", Set.of("1", "2", "3"));
    private static final Pattern ENTITY = Pattern.compile("^" + COLLECTION + "\\('([0-9A-F]{32})'\\)$");
    private static final Pattern FILTER_TERM = Pattern.compile("\\GExternalID eq '((?:[^']++|'')*)'(?: or |$)");
    /**
     * The guide warns of "URL length restrictions" for long OR lists without a number; 8 KB is the request-line limit
     * common web front ends default to, so the sandbox refuses longer URLs (docs/sap-conformance.md, row C4C-L1).
     */
    private static final int MAX_URL_LENGTH = 8192;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern DATE = Pattern.compile("^/Date\\((-?\\d+)\\)/$");
    /** What a percent-encoded query may hold (RFC 3986 query characters): anything else was sent unencoded. */
    private static final Pattern ENCODED_QUERY = Pattern.compile("^[A-Za-z0-9\\-._~!$&'()*+,;=:@/?%]*$");

    /** A part of a {@code $batch}: a changeset's operations, or a query (a GET outside any changeset). */
    private record BatchPart(List<Multipart.Part> changeset, Multipart.Part query) {
    }

    /** A read's answer: the JSON, and the ETag header a single entity is answered with (null for a collection). */
    private record ReadAnswer(String json, String etag) {
    }

    private final Map<String, C4CCustomer> customers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();
    private final Set<String> locked = ConcurrentHashMap.newKeySet();
    private final Map<HttpExchange, Set<String>> locks = new ConcurrentHashMap<>();
    private final Set<String> rejectedExternalIds = ConcurrentHashMap.newKeySet();
    private final AtomicLong versions = new AtomicLong();
    private final AtomicLong customerIds = new AtomicLong(1_000_000);
    private final AtomicInteger lockConflicts = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger preconditionFailures = new AtomicInteger();
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicInteger lookupCalls = new AtomicInteger();
    private final AtomicInteger batches = new AtomicInteger();
    private final AtomicInteger customerWrites = new AtomicInteger();
    private final AtomicInteger creates = new AtomicInteger();
    private volatile int tenantConcurrencyLimit = 9;

    private C4CSandbox(int port, String user, String password) {
        super(port, SERVICE_PATH, "SAP_SESSIONID_C4C_001", user, password);
    }

    /** Starts a sandbox on {@code port} (0: a free one) that accepts Basic {@code user:password}. */
    public static C4CSandbox start(int port, String user, String password) {
        return new C4CSandbox(port, user, password);
    }

    // ---- what tests set -----------------------------------------------------------------------------------------

    /** Every changeset that writes a customer with this ExternalID fails, as a validation error would. */
    public void rejectCustomer(String externalId) {
        rejectedExternalIds.add(externalId);
    }

    /** The customer is accepted again (the data or the mapping was fixed). */
    public void acceptCustomer(String externalId) {
        rejectedExternalIds.remove(externalId);
    }

    /** Someone changes the customer in C4C: its ETag moves on, so an update with the old one gets 412. */
    public void changeInC4C(String externalId) {
        customersWithExternalId(externalId).forEach(customer -> customers.computeIfPresent(customer.objectId(),
                (id, current) -> new C4CCustomer(id, current.customerId(), nextEtag(), current.fields())));
    }

    /** Above this many concurrent calls the tenant answers 429 (C4C allows fewer than 10, shared by all). */
    public void tenantConcurrencyLimit(int limit) {
        this.tenantConcurrencyLimit = limit;
    }

    // ---- what tests read ----------------------------------------------------------------------------------------

    public List<C4CCustomer> customersWithExternalId(String externalId) {
        return customers.values().stream().filter(c -> externalId.equals(c.field("ExternalID"))).toList();
    }

    /** The first name of the one customer with this ExternalID; null when there is none, or more than one. */
    public String firstNameOfOnlyCustomer(String externalId) {
        List<C4CCustomer> found = customersWithExternalId(externalId);
        return found.size() == 1 ? found.get(0).field("FirstName") : null;
    }

    /** The ExternalID of every customer, once per customer: a UID created twice is in it twice. */
    public List<String> externalIds() {
        return customers.values().stream().map(c -> c.field("ExternalID")).toList();
    }

    public int customerCount() {
        return customers.size();
    }

    /** How many changesets wrote this customer (its POST included). */
    public int writes(String objectId) {
        AtomicInteger count = writes.get(objectId);
        return count == null ? 0 : count.get();
    }

    public int lockConflicts() {
        return lockConflicts.get();
    }

    public int throttledRequests() {
        return throttled.get();
    }

    public int preconditionFailures() {
        return preconditionFailures.get();
    }

    /** How many queries by ExternalID were answered, each GET and each GET part of a {@code $batch}. */
    public int lookups() {
        return lookups.get();
    }

    /** How many calls carried queries by ExternalID: a GET, or a {@code $batch} with GET parts (one call each). */
    public int lookupCalls() {
        return lookupCalls.get();
    }

    /** How many customers POSTs created. */
    public int creates() {
        return creates.get();
    }

    /** How many {@code $batch} requests were answered past the CSRF check and injected faults. */
    public int batchRequests() {
        return batches.get();
    }

    @Override
    protected List<String> entitySets() {
        return List.of(COLLECTION);
    }

    @Override
    protected Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("customers", customers.size());
        stats.put("customerWrites", customerWrites.get());
        stats.put("creates", creates.get());
        stats.put("batches", batches.get());
        stats.put("lookups", lookups.get());
        stats.put("lookupCalls", lookupCalls.get());
        stats.put("lockConflicts", lockConflicts.get());
        stats.put("throttled", throttled.get());
        stats.put("preconditionFailures", preconditionFailures.get());
        return stats;
    }

    @Override
    protected void resetServiceCounts() {
        List.of(customerWrites, creates, batches, lookups, lookupCalls, lockConflicts, throttled, preconditionFailures)
                .forEach(count -> count.set(0));
    }

    // ---- the protocol -------------------------------------------------------------------------------------------

    @Override
    protected void serve(HttpExchange exchange, String path) throws IOException {
        if (exchange.getRequestURI().getRawPath().length() + rawQueryLength(exchange) > MAX_URL_LENGTH) {
            send(exchange, 414, "application/json", error("/IWFND/CM_MGW/414", "URI too long: the C4C OData guide advises "
                    + "a $batch of GETs instead of a long OR list"));
            return;
        }
        if (concurrentAtArrival(exchange) > tenantConcurrencyLimit) {
            throttled.incrementAndGet();
            exchange.getResponseHeaders().add("Retry-After", "1");
            send(exchange, 429, "application/json", error("SY/429", "Too many concurrent calls for this tenant"));
            return;
        }
        String method = exchange.getRequestMethod();
        if (method.equals("POST") && path.equals("/$batch")) {
            batch(exchange);
        } else if (method.equals("GET") && path.startsWith("/" + COLLECTION)) {
            read(exchange, path.substring(1));
        } else {
            send(exchange, 404, "application/json", error("/IWFND/MED/170", method + " " + path
                    + " is not served (the sandbox takes writes in $batch only)"));
        }
    }

    private static int rawQueryLength(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        return query == null ? 0 : query.length() + 1;
    }

    private void read(HttpExchange exchange, String resource) throws IOException {
        if (resource.equals(COLLECTION)) {
            lookupCalls.incrementAndGet();
        }
        ReadAnswer answer = read(resource, exchange.getRequestURI().getRawQuery());
        if (answer.etag() != null) {
            exchange.getResponseHeaders().add("ETag", answer.etag());
        }
        send(exchange, 200, "application/json", answer.json());
    }

    /** A read by key or by ExternalID ({@code resource} and the query still percent-encoded). */
    private ReadAnswer read(String resource, String rawQuery) {
        Map<String, String> query = query(rawQuery);
        if (!"json".equals(query.get("$format"))) {
            throw new Rejected("/IWFND/CM_MGW/011", "The sandbox answers JSON only: add $format=json");
        }
        List<String> select = query.containsKey("$select") ? List.of(query.get("$select").split(",")) : List.of();
        select.forEach(field -> {
            if (!FIELDS.containsKey(field) && !READ_ONLY.contains(field)) {
                throw new Rejected("/IWBEP/CM_MGW_RT/018", "Property " + field + " in $select is invalid");
            }
        });
        Matcher single = ENTITY.matcher(URLDecoder.decode(resource, StandardCharsets.UTF_8));
        if (single.matches()) {
            C4CCustomer customer = customers.get(single.group(1));
            if (customer == null) {
                throw new Rejected(404, "/IWBEP/CM_MGW_RT/021", "Resource not found for segment " + resource);
            }
            return new ReadAnswer(single(entity(customer, select)), customer.etag());
        }
        if (!resource.equals(COLLECTION)) {
            throw new Rejected(404, "/IWFND/MED/170", "Unknown resource " + resource);
        }
        lookups.incrementAndGet();
        Set<String> wanted = externalIds(query.get("$filter"));
        ArrayNode results = JSON.createArrayNode();
        customers.values().stream().filter(c -> wanted.contains(c.field("ExternalID")))
                .forEach(c -> results.add(entity(c, select)));
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("d").set("results", results);
        return new ReadAnswer(answer.toString(), null);
    }

    /** The only filter the connector needs: {@code ExternalID eq '…'}, joined with {@code or}. */
    private static Set<String> externalIds(String filter) {
        if (filter == null) {
            throw new Rejected("/IWBEP/CM_MGW_RT/030", "Reading the whole collection is not allowed: add $filter");
        }
        Set<String> ids = new HashSet<>();
        Matcher term = FILTER_TERM.matcher(filter);
        int end = 0;
        while (end < filter.length() && term.find() && term.start() == end) {
            ids.add(term.group(1).replace("''", "'"));
            end = term.end();
        }
        if (end != filter.length() || ids.isEmpty()) {
            throw new Rejected("/IWBEP/CM_MGW_RT/030", "Invalid $filter: " + filter);
        }
        return ids;
    }

    private void batch(HttpExchange exchange) throws IOException {
        if (!admitWrite(exchange)) {
            return;
        }
        batches.incrementAndGet();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        List<Multipart.Part> parts = Multipart.parse(body, Multipart.boundary(exchange.getRequestHeaders().getFirst("Content-Type")));
        List<BatchPart> batchParts = new ArrayList<>();
        List<List<Multipart.Part>> changesets = new ArrayList<>();
        for (Multipart.Part part : parts) {
            if ("application/http".equals(part.header("Content-Type"))) {
                batchParts.add(new BatchPart(null, part));
            } else {
                List<Multipart.Part> changeset = Multipart.parse(part.body(), Multipart.boundary(part.header("Content-Type")));
                changesets.add(changeset);
                batchParts.add(new BatchPart(changeset, null));
            }
        }
        if (batchParts.stream().anyMatch(part -> part.query() != null)) {
            lookupCalls.incrementAndGet();
        }
        Set<String> held = lock(changesets);
        locks.put(exchange, held);
        String boundary = "batchresponse_" + UUID.randomUUID();
        StringBuilder response = new StringBuilder();
        for (BatchPart part : batchParts) {
            response.append("--").append(boundary).append("\r\n")
                    .append(part.query() != null ? query(part.query()) : changeset(part.changeset(), held));
        }
        response.append("--").append(boundary).append("--\r\n");
        send(exchange, 202, "multipart/mixed; boundary=" + boundary, response.toString());
    }

    /**
     * A GET part of a {@code $batch} (C4C's guide: "multiple queries can be executed as part of a $batch query", and
     * the "mass query" section's {@code $batch} of GETs, which has no URL length limit). Only a retrieve request may
     * stand outside a changeset (OData V2); its request line is relative to the service root, its query parameters
     * URL-encoded (the guide: "the query parameters in the $batch body needs to be URL encoded"), and it has no body.
     * Answered as one {@code application/http} part, as the guide's example answers its GET.
     */
    private String query(Multipart.Part part) {
        String[] line = requestLine(part);
        if (!line[0].equals("GET")) {
            throw new Multipart.BadRequest(line[0] + " outside a changeset: only a GET may stand alone in a $batch");
        }
        if (!httpMessage(part).body().isEmpty()) {
            throw new Multipart.BadRequest("A GET in a $batch has no body");
        }
        int queryStart = line[1].indexOf('?');
        String resource = queryStart < 0 ? line[1] : line[1].substring(0, queryStart);
        String rawQuery = queryStart < 0 ? null : line[1].substring(queryStart + 1);
        if (resource.startsWith("/") || resource.contains("://")) {
            throw new Multipart.BadRequest("A request in a $batch names its resource relative to the service root: " + line[1]);
        }
        if (rawQuery != null && !ENCODED_QUERY.matcher(rawQuery).matches()) {
            throw new Multipart.BadRequest("The query parameters of a GET in a $batch must be URL-encoded: " + rawQuery);
        }
        try {
            ReadAnswer answer = read(resource, rawQuery);
            return "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nHTTP/1.1 200 OK\r\n"
                    + "Content-Type: application/json\r\n" + (answer.etag() == null ? "" : "ETag: " + answer.etag() + "\r\n")
                    + "\r\n" + answer.json() + "\r\n";
        } catch (Rejected e) {
            return failedChangeset(e);
        } catch (IllegalArgumentException e) {
            throw new Multipart.BadRequest("Malformed percent-encoding in a $batch query: " + rawQuery);
        }
    }

    /** A request's record locks last until its answer leaves, as long as a slow C4C would hold them. */
    @Override
    protected void answered(HttpExchange exchange) {
        Set<String> held = locks.remove(exchange);
        if (held != null) {
            locked.removeAll(held);
        }
    }

    /** Takes the record locks of the customers this request updates; one another request holds stays unlocked. */
    private Set<String> lock(List<List<Multipart.Part>> changesets) {
        Set<String> held = new HashSet<>();
        for (List<Multipart.Part> changeset : changesets) {
            for (Multipart.Part operation : changeset) {
                Matcher entity = ENTITY.matcher(URLDecoder.decode(requestLine(operation)[1], StandardCharsets.UTF_8));
                if (entity.matches() && !held.contains(entity.group(1))) {
                    if (locked.add(entity.group(1))) {
                        held.add(entity.group(1));
                    } else {
                        lockConflicts.incrementAndGet();
                    }
                }
            }
        }
        return held;
    }

    /** One changeset: all its operations apply, or none and the answer is the first error. */
    private String changeset(List<Multipart.Part> operations, Set<String> held) {
        Map<String, C4CCustomer> staged = new LinkedHashMap<>();
        List<String> answers = new ArrayList<>();
        try {
            for (Multipart.Part operation : operations) {
                answers.add(apply(operation, staged, held));
            }
        } catch (Rejected e) {
            if (e.status == 412) {
                preconditionFailures.incrementAndGet();
            }
            return failedChangeset(e);
        }
        staged.forEach((id, customer) -> {
            if (customers.put(id, customer) == null) {
                creates.incrementAndGet();
            }
            writes.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            customerWrites.incrementAndGet();
            stored(customer.field("ExternalID"), customer.field("FirstName"));
        });
        String inner = "changesetresponse_" + UUID.randomUUID();
        StringBuilder response = new StringBuilder("Content-Type: multipart/mixed; boundary=" + inner + "\r\n\r\n");
        answers.forEach(answer -> response.append("--").append(inner).append("\r\n")
                .append("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n").append(answer));
        return response.append("--").append(inner).append("--\r\n").toString();
    }

    private String apply(Multipart.Part operation, Map<String, C4CCustomer> staged, Set<String> held) {
        String[] line = requestLine(operation);
        Multipart.Part http = httpMessage(operation);
        String contentType = http.header("Content-Type");
        if (contentType == null || !contentType.startsWith("application/json")) {
            throw new Rejected("/IWFND/CM_MGW/025", "Content-Type application/json required");
        }
        String resource = URLDecoder.decode(line[1], StandardCharsets.UTF_8);
        ObjectNode body = json(http.body().trim());
        if (line[0].equals("POST") && resource.equals(COLLECTION)) {
            return create(body, staged);
        }
        Matcher entity = ENTITY.matcher(resource);
        if (line[0].equals("PATCH") && entity.matches()) {
            return update(entity.group(1), http.header("If-Match"), body, staged, held);
        }
        throw new Rejected("/IWFND/CM_MGW/001", line[0] + " " + resource + " is not allowed");
    }

    private String create(ObjectNode body, Map<String, C4CCustomer> staged) {
        Map<String, Object> fields = validFields(body, new LinkedHashMap<>());
        if (!(fields.get("LastName") instanceof String last) || last.isBlank()) {
            throw new Rejected("CRM_BUPA/066", "Enter a last name");
        }
        String objectId = UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT);
        C4CCustomer customer = new C4CCustomer(objectId, Long.toString(customerIds.incrementAndGet()), nextEtag(), fields);
        staged.put(objectId, customer);
        return "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nETag: " + customer.etag() + "\r\nLocation: "
                + COLLECTION + "('" + objectId + "')\r\n\r\n" + single(entity(customer, List.of())) + "\r\n";
    }

    private String update(String objectId, String ifMatch, ObjectNode body, Map<String, C4CCustomer> staged,
            Set<String> held) {
        C4CCustomer current = staged.containsKey(objectId) ? staged.get(objectId) : customers.get(objectId);
        if (current == null) {
            throw new Rejected(404, "/IWBEP/CM_MGW_RT/021", "Resource not found for segment " + COLLECTION + "('" + objectId + "')");
        }
        if (!held.contains(objectId)) {
            throw new Rejected(423, "CRM_BUPA/100", "Customer " + current.customerId() + " is locked by user COMM_USER");
        }
        // If-Match is optional in C4C (C4C-W2: the C4C OData developer's guide, "Optimistic Concurrency Control with
        // ETag"); S/4HANA Cloud's 428 without it is not C4C's.
        if (ifMatch != null && !ifMatch.equals("*") && !ifMatch.equals(current.etag())) {
            throw new Rejected(412, "/IWBEP/CM_MGW_RT/034", "The data has been changed by another user; ETag " + ifMatch
                    + " is out of date");
        }
        Map<String, Object> fields = validFields(body, new LinkedHashMap<>(current.fields()));
        if (!(fields.get("LastName") instanceof String last) || last.isBlank()) {
            throw new Rejected("CRM_BUPA/066", "Enter a last name");
        }
        C4CCustomer updated = new C4CCustomer(objectId, current.customerId(), nextEtag(), fields);
        staged.put(objectId, updated);
        return "HTTP/1.1 204 No Content\r\nETag: " + updated.etag() + "\r\nContent-Length: 0\r\n\r\n\r\n";
    }

    private Map<String, Object> validFields(ObjectNode body, Map<String, Object> fields) {
        // "During a PUT/PATCH (update) call, values passed for ETag … will be silently ignored" (C4C OData guide).
        body.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("ETag")) {
                fields.put(field.getKey(), validField(field.getKey(), field.getValue()));
            }
        });
        if (fields.get("ExternalID") instanceof String externalId && rejectedExternalIds.contains(externalId)) {
            throw new Rejected("CRM_BUPA/200", "Customer with external ID " + externalId + " rejected by the sandbox");
        }
        if (fields.get("Email") instanceof String email && !email.isEmpty() && !EMAIL.matcher(email).matches()) {
            throw new Rejected("CRM_BUPA/105", "E-mail address " + email + " is invalid");
        }
        return fields;
    }

    private static Object validField(String name, JsonNode value) {
        if (READ_ONLY.contains(name)) {
            throw new Rejected("/IWBEP/CM_MGW_RT/019", "Property " + name + " is read-only");
        }
        Integer max = FIELDS.get(name);
        if (max == null) {
            throw new Rejected("/IWBEP/CM_MGW_RT/018", "Property " + name + " is invalid");
        }
        if (!value.isTextual()) {
            throw new Rejected("/IWBEP/CM_MGW_RT/022", name + " must be a string");
        }
        String text = value.textValue();
        if (max == 0 && !DATE.matcher(text).matches()) {
            throw new Rejected("/IWBEP/CM_MGW_RT/022", name + " must be an Edm.DateTime like /Date(1732406400000)/, was " + text);
        }
        if (max == -1 && !text.isEmpty() && !CODE_LISTS.get(name).contains(text)) {
            throw new Rejected("/IWBEP/CM_MGW_RT/022", "Value " + text + " is not in the code list of " + name);
        }
        if (max > 0 && text.length() > max) {
            throw new Rejected("/IWBEP/CM_MGW_RT/022", name + " is longer than " + max + " characters");
        }
        return text;
    }

    private ObjectNode entity(C4CCustomer customer, List<String> select) {
        ObjectNode entity = JSON.createObjectNode();
        entity.putObject("__metadata").put("uri", serviceUrl() + "/" + COLLECTION + "('" + customer.objectId() + "')")
                .put("type", "c4codata.IndividualCustomer").put("etag", customer.etag());
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("ObjectID", customer.objectId());
        all.put("CustomerID", customer.customerId());
        all.put("ETag", customer.etag());
        all.putAll(customer.fields());
        all.forEach((name, value) -> {
            if (select.isEmpty() || select.contains(name)) {
                entity.put(name, value.toString());
            }
        });
        return entity;
    }

    /**
     * C4C answers a single entity (a POST's 201, a GET by key) wrapped as {@code {"d":{"results":{…}}}}, not as plain
     * OData V2's {@code {"d":{…}}} (C4C OData developer's guide; docs/sap-conformance.md).
     */
    private static String single(ObjectNode entity) {
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("d").set("results", entity);
        return answer.toString();
    }

    /** C4C's ETag is the last change time: unique per change here, in C4C's weak datetimeoffset form. */
    private String nextEtag() {
        Instant changed = Instant.parse("2026-01-01T00:00:00Z").plusNanos(versions.incrementAndGet() * 100);
        return "W/\"datetimeoffset'" + changed.toString().replace(":", "%3A") + "'\"";
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                String[] nameValue = pair.split("=", 2);
                query.put(URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8),
                        nameValue.length == 2 ? URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8) : "");
            }
        }
        return query;
    }
}
