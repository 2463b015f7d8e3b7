package dev.profilebridge.ingest.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.SecretKey;

import java.security.PrivateKey;
import java.security.PublicKey;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * Remembers tokens smallrye-jwt has verified, until they expire. The CDC dataflow sends the same token with every
 * record, and an ES256 signature check costs far more than the rest of a one-profile request; smallrye-jwt has no
 * cache of its own. The key is the whole compact token, signature included, so only the exact token that was
 * verified is answered from here. A token can only stop being valid by expiring (token-service publishes a retired
 * key until every token it signed has expired), and expiry is checked on every hit.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokenCache implements JWTParser {

    static final int MAX_ENTRIES = 10_000;

    private final Map<String, JsonWebToken> verified = new ConcurrentHashMap<>();
    private final DefaultJWTParser delegate;

    VerifiedTokenCache(DefaultJWTParser delegate) {
        this.delegate = delegate;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = verified.get(token);
        if (known != null && !isExpired(known)) {
            return known;
        }
        JsonWebToken parsed = delegate.parse(token);
        if (verified.size() < MAX_ENTRIES) {
            verified.put(token, parsed);
        }
        return parsed;
    }

    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetExpired() {
        verified.values().removeIf(VerifiedTokenCache::isExpired);
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
