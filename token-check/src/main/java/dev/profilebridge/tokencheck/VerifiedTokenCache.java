package dev.profilebridge.tokencheck;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.SecretKey;

import java.security.PrivateKey;
import java.security.PublicKey;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.profilebridge.commons.api.RejectedTokenException;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * The token parser of every service that checks token-service's tokens (ingest-service, the connectors' /ops API):
 * smallrye-jwt's, plus revocation and a cache. Remembers tokens smallrye-jwt has verified, until they expire. The CDC
 * dataflow sends the same token with every record, and an ES256 signature check costs far more than the rest of a
 * one-profile request; smallrye-jwt has no cache of its own. The key is the whole compact token, signature included,
 * so only the exact token that was verified is answered from here. Expiry and revocation (token-service's list, see
 * {@link TokenRevocations}) are checked on every request, hit or not: both are reads of memory.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokenCache implements JWTParser {

    static final int MAX_ENTRIES = 10_000;

    /** A verified token with the {@code kid} of the key that signed it (a header, which JsonWebToken does not show). */
    private record Verified(JsonWebToken token, String kid) {
    }

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final DefaultJWTParser delegate;
    private final TokenRevocations revocations;

    VerifiedTokenCache(DefaultJWTParser delegate, TokenRevocations revocations) {
        this.delegate = delegate;
        this.revocations = revocations;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        Verified known = verified.get(token);
        if (known == null || isExpired(known.token())) {
            known = new Verified(delegate.parse(token), kid(token));
            if (verified.size() < MAX_ENTRIES) {
                verified.put(token, known);
            }
        }
        refuseIfRevoked(known);
        return known.token();
    }

    private void refuseIfRevoked(Verified known) throws ParseException {
        JsonWebToken token = known.token();
        String clientId = token.getClaim("client_id") != null ? token.getClaim("client_id") : token.getSubject();
        String reason = revocations.refusal(clientId, known.kid(), token.getIssuedAtTime(), Instant.now()).orElse(null);
        if (reason != null) {
            throw new ParseException(reason, new RejectedTokenException(reason));
        }
    }

    /** The signature was verified, so the header is well-formed JSON with the kid that selected the key. */
    private static String kid(String token) {
        String header = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                StandardCharsets.UTF_8);
        return new JsonObject(header).getString("kid");
    }

    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetExpired() {
        verified.values().removeIf(entry -> isExpired(entry.token()));
    }

    private static boolean isExpired(JsonWebToken token) {
        return token.getExpirationTime() * 1000 <= System.currentTimeMillis();
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return delegate.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return delegate.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return delegate.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return delegate.parseOnly(token);
    }
}
