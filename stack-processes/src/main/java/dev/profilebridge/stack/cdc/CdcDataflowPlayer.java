package dev.profilebridge.stack.cdc;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.IntConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Plays accounts against token-service and ingest-service the way the generated IdentitySync dataflow does: per
 * batch, the token step posts a record with the client's Basic credentials and no grant type, the script takes
 * {@code access_token} from the answer and groups the records into {@code {"_authorization", "records"}}, and the
 * writer posts that with the bearer header. Batches go one after the other, so a UID's versions arrive in the order
 * of the list.
 */
public final class CdcDataflowPlayer {

    /** What ingest-service answered, summed over the batches. */
    public record Outcome(int accepted, int superseded, int rejected) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int ATTEMPTS = 5;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI tokenEndpoint;
    private final URI profilesEndpoint;
    private final String basicCredentials;
    private final int batchSize;

    public CdcDataflowPlayer(String tokenServiceUrl, String ingestServiceUrl, String clientId, String clientSecret,
            int batchSize) {
        this.tokenEndpoint = URI.create(tokenServiceUrl + "/oauth/token");
        this.profilesEndpoint = URI.create(ingestServiceUrl + "/v1/profiles");
        this.basicCredentials = "Basic " + Base64.getEncoder()
                .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        this.batchSize = batchSize;
    }

    /** Sends every account; {@code progress} hears how many have been sent so far after each batch. */
    public Outcome play(List<ObjectNode> accounts, IntConsumer progress) throws IOException, InterruptedException {
        int accepted = 0;
        int superseded = 0;
        int rejected = 0;
        for (int from = 0; from < accounts.size(); from += batchSize) {
            List<ObjectNode> batch = accounts.subList(from, Math.min(from + batchSize, accounts.size()));
            JsonNode token = send(HttpRequest.newBuilder(tokenEndpoint)
                    .header("Authorization", basicCredentials)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(batch.get(0).toString())), 200);
            ObjectNode body = JSON.createObjectNode().put("_authorization", "Bearer " + token.path("access_token").asText());
            body.putArray("records").addAll(batch);
            JsonNode answer = send(HttpRequest.newBuilder(profilesEndpoint)
                    .header("Authorization", body.get("_authorization").asText())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())), 202);
            accepted += answer.path("accepted").asInt();
            superseded += answer.path("superseded").asInt();
            rejected += answer.path("rejected").size();
            progress.accept(from + batch.size());
        }
        return new Outcome(accepted, superseded, rejected);
    }

    /** Sends, and sends again after a 503 (Kafka did not acknowledge in time), as CDC retries a failed record. */
    private JsonNode send(HttpRequest.Builder request, int expectedStatus) throws IOException, InterruptedException {
        HttpRequest built = request.timeout(TIMEOUT).build();
        for (int attempt = 1;; attempt++) {
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == expectedStatus) {
                return JSON.readTree(response.body());
            }
            if (response.statusCode() != 503 || attempt == ATTEMPTS) {
                throw new IOException(built.method() + " " + built.uri() + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            Thread.sleep(1000L * attempt);
        }
    }
}
