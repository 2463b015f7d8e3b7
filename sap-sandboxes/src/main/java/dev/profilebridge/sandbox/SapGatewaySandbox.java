package dev.profilebridge.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * What every SAP Gateway sandbox shares, as SAP systems share it: a real HTTP server on loopback, Basic or Bearer
 * authentication (with an OAuth 2.0 client-credentials token endpoint on demand), the CSRF token with its session
 * cookie, SAP's JSON error body, latency and whole-request faults on demand, and a count of concurrent requests.
 * A subclass speaks its service's protocol in {@link #serve}.
 */
public abstract class SapGatewaySandbox implements AutoCloseable {

    /** Where SAP systems serve OAuth 2.0 tokens. */
    public static final String OAUTH_TOKEN_PATH = "/sap/bc/sec/oauth2/token";

    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final int TRACES_KEPT = 10_000;
    private static final Pattern KEY_PART = Pattern.compile("(\\w+)='((?:[^']++|'')*)'");

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm and delayed
        // ACKs add about 40 ms to every answer, which would make the sandbox slower than its configured latency.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** A request SAP refuses with a message code, answered inside its changeset (or as the whole answer). */
    protected static final class Rejected extends RuntimeException {
        final int status;
        final String code;

        protected Rejected(String code, String message) {
            this(400, code, message);
        }

        protected Rejected(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final String servicePath;
    private final String sessionCookie;
    private final String basicCredentials;
    private final Map<String, Long> bearerTokens = new ConcurrentHashMap<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private volatile String oauthClient;
    private volatile Duration oauthTokenLifetime = Duration.ofHours(1);
    /** Requests not answered yet, with when each answer may leave and how many were open when each arrived. */
    private final Map<HttpExchange, OpenRequest> open = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    /** Injected faults in the order they were asked for, each answering its count of writes (guarded by itself). */
    private final ArrayDeque<FaultRun> faults = new ArrayDeque<>();
    private volatile Duration latency = Duration.ZERO;
    private volatile BooleanSupplier holdAnswersWhen = () -> false;
    private final AtomicInteger heldAnswers = new AtomicInteger();
    private final AtomicInteger requestsReceived = new AtomicInteger();
    /** Per profile key (a UID), the first names its writes stored, in order: tests see a stale overwrite in it. */
    private final Map<String, List<String>> firstNames = new ConcurrentHashMap<>();
    /** The W3C traceparent values requests carried, by trace id: the newest traces only, for tests to follow one. */
    private final Map<String, List<String>> traceparents = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<String>> eldest) {
                    return size() > TRACES_KEPT;
                }
            });
    private final AtomicInteger severalTraceparents = new AtomicInteger();
    private final AtomicInteger distinctProfileVersions = new AtomicInteger();
    private volatile ConfirmationListener confirmationListener;
    /**
     * The profile versions the current request stored, confirmed when its answer leaves. Per thread because the JDK
     * server runs one exchange on one thread from arrival to answer, and {@link #stored} is called deep in a
     * subclass's changeset handling, where the exchange is not at hand.
     */
    private final ThreadLocal<List<String[]>> storedByThisRequest = ThreadLocal.withInitial(java.util.ArrayList::new);
    private volatile String csrfToken = UUID.randomUUID().toString();
    private final Set<String> sessions = ConcurrentHashMap.newKeySet();

    protected SapGatewaySandbox(int port, String servicePath, String sessionCookie, String user, String password) {
        this.servicePath = servicePath;
        this.sessionCookie = sessionCookie;
        this.basicCredentials = "Basic " + base64(user + ":" + password);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext(servicePath, this::handle);
        server.createContext("/sandbox/stats", this::stats);
        server.createContext(OAUTH_TOKEN_PATH, this::oauthToken);
        server.start();
    }

    public String serviceUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + servicePath;
    }

    public String oauthTokenUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + OAUTH_TOKEN_PATH;
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
        this.oauthClient = "Basic " + base64(clientId + ":" + secret);
        this.oauthTokenLifetime = tokenLifetime;
    }

    public int oauthTokensIssued() {
        return tokensIssued.get();
    }

    /**
     * Every request is answered this long after it arrived. The sandbox's own parsing and checks run within that
     * time, as SAP's processing is part of its latency, so the sandbox's CPU does not add to what a benchmark sets;
     * what a request holds (a record lock) it holds until its answer leaves.
     */
    public void latency(Duration latency) {
        this.latency = latency;
    }

    /**
     * While {@code condition} holds when an answer to a service request is due, that answer waits (its writes are
     * done; its record locks stay taken), until the condition no longer holds or {@link #releaseAnswers()}, at most a
     * minute. A test can so stop a client at a known point (requests in flight, no more confirmations) or have
     * requests meet each other, whatever the machine's speed.
     */
    public void holdAnswersWhen(BooleanSupplier condition) {
        holdAnswersWhen = condition;
    }

    public void releaseAnswers() {
        holdAnswersWhen = () -> false;
    }

    /** How many service requests have arrived since the sandbox started. */
    public int requestsReceived() {
        return requestsReceived.get();
    }

    /** How many answers have been held since the sandbox started. */
    public int heldAnswers() {
        return heldAnswers.get();
    }

    /**
     * {@code count} write requests get {@code status} (429 or 503), with Retry-After when given, after the faults
     * asked for earlier and not played yet: two calls add up, the second does not replace the first.
     */
    public void failNextBatches(int count, int status, Duration retryAfter) {
        if (count < 1) {
            throw new IllegalArgumentException("A fault is asked for at least one write, was " + count);
        }
        synchronized (faults) {
            faults.add(new FaultRun(status, retryAfter, count));
        }
    }

    /** The faults asked for and not played yet are dropped: the next write is answered normally. */
    public void clearFaults() {
        synchronized (faults) {
            faults.clear();
        }
    }

    /**
     * Starts the counts over: requests received, answers held, OAuth tokens issued, the peak of concurrent requests
     * (from the requests open now) and the service's own counts; stored data stays. Tests that share a sandbox call
     * it first, so the counts they assert are their own requests'.
     */
    public void resetCounts() {
        requestsReceived.set(0);
        heldAnswers.set(0);
        tokensIssued.set(0);
        severalTraceparents.set(0);
        peakInFlight.set(inFlight.get());
        resetServiceCounts();
    }

    /** The CSRF token expires: the next write gets 403 with {@code x-csrf-token: Required}. */
    public void expireCsrfToken() {
        csrfToken = UUID.randomUUID().toString();
        sessions.clear();
    }

    /**
     * The first names the writes of this profile stored, in the order they were applied (tests mark versions in the
     * first name, so an older one after a newer one is a stale overwrite).
     */
    public List<String> firstNameHistory(String uid) {
        List<String> history = firstNames.get(uid);
        return history == null ? List.of() : List.copyOf(history);
    }

    /**
     * The {@code traceparent} headers of the requests that belonged to a trace, in arrival order. An HTTP server that
     * does not trace ignores the header (W3C Trace Context); one in front of SAP that does (an API gateway, a mesh) joins
     * the connector's trace. Nothing here rejects a request for it: SAP does not either.
     */
    public List<String> traceparentsOf(String traceId) {
        List<String> values = traceparents.get(traceId);
        return values == null ? List.of() : List.copyOf(values);
    }

    /** Requests with more than one traceparent header: W3C Trace Context allows one, and says to ignore such context. */
    public int requestsWithSeveralTraceparents() {
        return severalTraceparents.get();
    }

    public int peakConcurrentRequests() {
        return peakInFlight.get();
    }

    /**
     * How many distinct (profile key, first name) pairs writes stored: a benchmark that marks each version in the
     * first name counts delivered versions with it, not writes (a duplicate write of one version counts once).
     */
    public int distinctProfileVersions() {
        return distinctProfileVersions.get();
    }

    /** What a benchmark learns as each write's answer leaves: the moment SAP confirms the records it stored. */
    @FunctionalInterface
    public interface ConfirmationListener {
        /**
         * @param confirmedAt {@link System#nanoTime()} just before the answer is written, so a driver in the same JVM
         *        can compare it with its own stamps
         */
        void confirmed(String uid, String firstName, long confirmedAt);
    }

    /** Tells {@code listener} of every profile version a successful changeset stored, when its answer leaves. */
    public void onConfirmed(ConfirmationListener listener) {
        this.confirmationListener = listener;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** How a standalone main starts its sandbox: on a port, with the communication user and password. */
    @FunctionalInterface
    public interface Starter {
        SapGatewaySandbox start(int port, String user, String password);
    }

    /**
     * Runs a sandbox as its own process until it is stopped, for the local stack and the benchmarks:
     * {@code [--port N] [--user COMM_USER] [--password secret] [--latency-ms 0]}; prints {@code ready <service URL>}.
     */
    public static void runStandalone(String[] args, int defaultPort, Starter starter) throws InterruptedException {
        int port = defaultPort;
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
        SapGatewaySandbox sandbox = starter.start(port, user, password);
        sandbox.latency(Duration.ofMillis(latency));
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
        System.out.println("ready " + sandbox.serviceUrl());
        System.out.flush();
        new java.util.concurrent.CountDownLatch(1).await();
    }

    // ---- what a subclass implements and uses --------------------------------------------------------------------

    /** Answers one authenticated request; {@code path} is relative to the service root ("" or "/…"). */
    protected abstract void serve(HttpExchange exchange, String path) throws IOException;

    /** A write of this profile was applied with this first name. */
    protected void stored(String uid, Object firstName) {
        if (uid == null) {
            return;
        }
        List<String> history = firstNames.computeIfAbsent(uid,
                k -> java.util.Collections.synchronizedList(new java.util.ArrayList<>()));
        String name = String.valueOf(firstName);
        synchronized (history) {
            if (!history.contains(name)) {
                distinctProfileVersions.incrementAndGet();
            }
            history.add(name);
        }
        if (confirmationListener != null) {
            storedByThisRequest.get().add(new String[] {uid, name});
        }
    }

    /** The service document's entity sets, for the CSRF token fetch. */
    protected abstract List<String> entitySets();

    /** Counts for {@code /sandbox/stats}, next to the peak of concurrent requests. */
    protected abstract Map<String, Object> stats();

    /** Sets the service's own counts (those of {@link #stats()}, not its stored data) to zero. */
    protected abstract void resetServiceCounts();

    /**
     * Called when a request stops counting as in flight, just before its answer is written (a client that sends its
     * next request as soon as it has the answer must not be seen overlapping this one): release what it held.
     */
    protected void answered(HttpExchange exchange) {
    }

    /**
     * How many requests were open, this one included, when this one arrived. Decided once at arrival, so of several
     * requests arriving together exactly the first ones within a limit pass it, whatever order their threads run in.
     */
    protected int concurrentAtArrival(HttpExchange exchange) {
        OpenRequest request = open.get(exchange);
        return request == null ? 0 : request.concurrentAtArrival();
    }

    /**
     * Checks the CSRF token and session cookie of a write and plays an injected fault; false when it answered.
     */
    protected boolean admitWrite(HttpExchange exchange) throws IOException {
        if (!csrfValid(exchange)) {
            exchange.getResponseHeaders().add("x-csrf-token", "Required");
            send(exchange, 403, "text/plain", "CSRF token validation failed");
            return false;
        }
        FaultRun fault = nextFault();
        if (fault != null) {
            if (fault.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", Long.toString(fault.retryAfter().toSeconds()));
            }
            send(exchange, fault.status(), "application/json", error("SY/530", "Injected fault " + fault.status()));
            return false;
        }
        return true;
    }

    /** The fault this write plays, taken from the head of the queue; null when none is asked for. */
    private FaultRun nextFault() {
        synchronized (faults) {
            FaultRun head = faults.peek();
            if (head != null && --head.left == 0) {
                faults.poll();
            }
            return head;
        }
    }

    /** Writes to fail with one status: {@code left} of them still to come. */
    private static final class FaultRun {
        private final int status;
        private final Duration retryAfter;
        private int left;

        FaultRun(int status, Duration retryAfter, int count) {
            this.status = status;
            this.retryAfter = retryAfter;
            this.left = count;
        }

        int status() {
            return status;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }

    /** An OData key predicate's values ({@code Name='value',…}), quotes undoubled. */
    protected static Map<String, String> key(String keyText) {
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

    protected static ObjectNode json(String text) {
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

    /**
     * SAP Gateway's JSON error body: {@code error.code}, {@code error.message.{lang,value}}, and
     * {@code error.innererror} with a transaction id and the message again in {@code errordetails}
     * (docs/sap-conformance.md, row SAP-error-body).
     */
    protected static String error(String code, String message) {
        ObjectNode error = JSON.createObjectNode();
        ObjectNode inner = error.putObject("error");
        inner.put("code", code);
        inner.putObject("message").put("lang", "en").put("value", message);
        ObjectNode innerError = inner.putObject("innererror");
        innerError.put("transactionid", UUID.randomUUID().toString().replace("-", "").toUpperCase());
        innerError.putArray("errordetails").addObject().put("code", code).put("message", message)
                .put("propertyref", "").put("severity", "error").put("target", "");
        return error.toString();
    }

    /** A changeset's answer when it failed: one {@code application/http} part with the error. */
    protected static String failedChangeset(Rejected rejected) {
        return "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
                + "HTTP/1.1 " + rejected.status + " " + reason(rejected.status) + "\r\nContent-Type: application/json\r\n\r\n"
                + error(rejected.code, rejected.getMessage()) + "\r\n";
    }

    /** Splits an {@code application/http} part into its request line's words and the HTTP message after it. */
    protected static String[] requestLine(Multipart.Part part) {
        if (!"application/http".equals(part.header("Content-Type"))) {
            throw new Multipart.BadRequest("A changeset part must be application/http, was " + part.header("Content-Type"));
        }
        String message = part.body();
        int lineEnd = message.indexOf("\r\n");
        String[] words = (lineEnd < 0 ? message : message.substring(0, lineEnd)).split(" ");
        if (words.length != 3 || !words[2].equals("HTTP/1.1")) {
            throw new Multipart.BadRequest("Malformed request line in a changeset: " + message.lines().findFirst().orElse(""));
        }
        return words;
    }

    /** The HTTP message of an {@code application/http} part after its request line: headers and body. */
    protected static Multipart.Part httpMessage(Multipart.Part part) {
        String message = part.body();
        int lineEnd = message.indexOf("\r\n");
        return Multipart.part(lineEnd < 0 ? "" : message.substring(lineEnd + 2));
    }

    /** Writes an answer; one to a service request leaves no earlier than the latency after the request arrived. */
    protected void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        OpenRequest request = open.get(exchange);
        if (request != null) {
            sleepUntil(request.answerAt());
            holdIfAsked();
            close(exchange);
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

    protected static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 404 -> "Not Found";
            case 412 -> "Precondition Failed";
            case 428 -> "Precondition Required";
            case 423 -> "Locked";
            default -> status < 500 ? "Bad Request" : "Internal Server Error";
        };
    }

    // ---- the shared protocol ------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        requestsReceived.incrementAndGet();
        int now = inFlight.incrementAndGet();
        peakInFlight.accumulateAndGet(now, Math::max);
        open.put(exchange, new OpenRequest(System.nanoTime() + latency.toNanos(), now));
        recordTraceContext(exchange.getRequestHeaders().get("traceparent"));
        try {
            if (!authenticated(exchange)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"SAP NetWeaver Application Server\"");
                send(exchange, 401, "text/plain", "Unauthorized");
                return;
            }
            String path = exchange.getRequestURI().getRawPath().substring(servicePath.length());
            boolean read = exchange.getRequestMethod().equals("GET") || exchange.getRequestMethod().equals("HEAD");
            if (read && (path.isEmpty() || path.equals("/"))) {
                serviceDocument(exchange);
            } else {
                serve(exchange, path);
            }
        } catch (Multipart.BadRequest e) {
            send(exchange, 400, "application/json", error("/IWFND/CM_MGW/004", e.getMessage()));
        } catch (Rejected e) {
            send(exchange, e.status, "application/json", error(e.code, e.getMessage()));
        } catch (RuntimeException e) {
            // A sandbox bug must look like SAP's 500, not like a dropped connection a client would retry as a network fault.
            e.printStackTrace();
            send(exchange, 500, "application/json", error("/IWBEP/CM_MGW_RT/000", "Internal error in the sandbox: " + e));
        } finally {
            close(exchange);
            exchange.close();
            storedByThisRequest.remove();
        }
    }

    private void recordTraceContext(List<String> values) {
        if (values == null) {
            return;
        }
        if (values.size() > 1) {
            severalTraceparents.incrementAndGet();
        }
        for (String value : values) {
            String[] parts = value.split("-");
            if (parts.length == 4) {
                traceparents.computeIfAbsent(parts[1], id -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(value);
            }
        }
    }

    /** The request is over: it no longer counts as in flight, and the subclass releases what it held. */
    private void close(HttpExchange exchange) {
        if (open.remove(exchange) != null) {
            inFlight.decrementAndGet();
            answered(exchange);
            confirmStored();
        }
    }

    private void confirmStored() {
        ConfirmationListener listener = confirmationListener;
        List<String[]> stored = storedByThisRequest.get();
        if (listener != null && !stored.isEmpty()) {
            long now = System.nanoTime();
            stored.forEach(version -> listener.confirmed(version[0], version[1], now));
        }
        stored.clear();
    }

    /** An unanswered request: when (System.nanoTime) its answer may leave, and the count of open ones it met. */
    private record OpenRequest(long answerAt, int concurrentAtArrival) {
    }

    private void holdIfAsked() {
        if (!holdAnswersWhen.getAsBoolean()) {
            return;
        }
        heldAnswers.incrementAndGet();
        long giveUpAt = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (holdAnswersWhen.getAsBoolean() && System.nanoTime() < giveUpAt) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
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

    private boolean authenticated(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null) {
            return false;
        }
        if (authorization.startsWith("Bearer ")) {
            Long expiry = bearerTokens.get(authorization.substring(7));
            return expiry != null && expiry > System.currentTimeMillis();
        }
        return authorization.equals(basicCredentials);
    }

    private void serviceDocument(HttpExchange exchange) throws IOException {
        if ("Fetch".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("X-CSRF-Token"))) {
            String session = UUID.randomUUID().toString();
            sessions.add(session);
            exchange.getResponseHeaders().add("X-CSRF-Token", csrfToken);
            exchange.getResponseHeaders().add("Set-Cookie", sessionCookie + "=" + session + "; path=/; HttpOnly");
        }
        // SAP Cloud SDK fetches the token with HEAD on the service root: headers only.
        if (exchange.getRequestMethod().equals("HEAD")) {
            send(exchange, 200, "application/json", "");
            return;
        }
        ObjectNode document = JSON.createObjectNode();
        entitySets().forEach(document.putObject("d").putArray("EntitySets")::add);
        send(exchange, 200, "application/json", document.toString());
    }

    private boolean csrfValid(HttpExchange exchange) {
        String token = exchange.getRequestHeaders().getFirst("X-CSRF-Token");
        String cookies = String.join(";", exchange.getRequestHeaders().getOrDefault("Cookie", List.of()));
        boolean hasSession = sessions.stream().anyMatch(s -> cookies.contains(sessionCookie + "=" + s));
        return csrfToken.equals(token) && hasSession;
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

    /** What a benchmark or the local stack's demo reads from outside: counts, not data. */
    private void stats(HttpExchange exchange) throws IOException {
        try {
            ObjectNode counts = JSON.valueToTree(stats());
            counts.put("peakConcurrentRequests", peakInFlight.get());
            counts.put("distinctProfileVersions", distinctProfileVersions.get());
            send(exchange, 200, "application/json", counts.toString());
        } finally {
            exchange.close();
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
