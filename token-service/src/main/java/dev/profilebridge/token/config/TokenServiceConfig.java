package dev.profilebridge.token.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything token-service reads from {@code application.properties} and environment variables. */
@ConfigMapping(prefix = "token-service")
public interface TokenServiceConfig {

    /** The {@code iss} of every token, and the base of the URLs in the discovery document. */
    @WithDefault("http://localhost:8081")
    String issuer();

    /** The {@code aud} of every token: what ingest-service and the admin API check. */
    @WithDefault("profile-bridge")
    String audience();

    /** The scopes a client may be given. */
    @WithDefault("profiles:write,dlq:operate,clients:admin")
    List<String> scopes();

    /** Base64 of 32 random bytes: the AES-256 key that encrypts signing keys at rest. */
    String keyEncryptionKey();

    Tokens tokens();

    Keys keys();

    Secrets secrets();

    Throttle throttle();

    /** The largest request body the token endpoint reads; a CDC record rides along as the body. */
    @WithDefault("1M")
    MemorySize maxBodySize();

    Bootstrap bootstrap();

    interface Tokens {
        /** The lifetime of a client's tokens unless the client sets its own. */
        @WithDefault("1h")
        Duration defaultLifetime();

        /** No client may get tokens that live longer; also how long a retired key stays published. */
        @WithDefault("24h")
        Duration maxLifetime();

        /**
         * A client that asks again within this window gets the token it was just given, with the remaining
         * lifetime: the CDC dataflow asks once per record, and signing thousands of identical tokens a second
         * serves nobody. {@code 0s} signs a new token every time.
         */
        @WithDefault("30s")
        Duration reuseWindow();

        /**
         * Sign through the Amazon Corretto Crypto Provider (OpenSSL-derived native code, Linux x86-64) when it loads:
         * ES256 about 40 times faster than the JDK's own on the same core. Where it does not load, or with
         * {@code false}, the JDK signs. The tokens are the same either way (ES256, verified with any JOSE library).
         */
        @WithDefault("true")
        boolean nativeSigning();
    }

    interface Keys {
        /** How long a signing key signs before a new one replaces it. */
        @WithDefault("30d")
        Duration rotationPeriod();

        /**
         * How often each replica re-reads the keys (to pick up another replica's rotation) and runs rotation: also
         * how long other replicas may still sign with a key revoked by an emergency rotation.
         */
        @WithDefault("10s")
        Duration refreshInterval();

        /**
         * How long a new key is published in the JWKS before it signs. Longer than the verifiers' JWKS refresh
         * ({@code smallrye.jwt.jwks.refresh-interval}, 30 minutes in service-commons) plus {@link #refreshInterval()},
         * so that no verifier meets a token signed by a key it has not fetched.
         */
        @WithDefault("1h")
        Duration publishAhead();
    }

    interface Secrets {
        /** PBKDF2-HMAC-SHA512 iterations for new secret hashes (OWASP recommends 210,000). */
        @WithDefault("210000")
        int hashIterations();

        /** How long a successfully verified secret is remembered, so repeated calls skip the slow hash. */
        @WithDefault("10m")
        Duration verifiedCacheTtl();

        /** How long the previous secret stays valid after a rotation, unless the rotation says otherwise. */
        @WithDefault("1d")
        Duration rotationGracePeriod();

        /**
         * How long a remembered verification is used without reading its client's row, while the client-change
         * listener hears nothing: the bound on a change missed by a connection that died silently (a network that
         * drops packets without a reset), at one primary-key read per client per interval.
         */
        @WithDefault("5s")
        Duration maxUnreadAge();
    }

    interface Throttle {
        /** Failed authentications of one client id within the window before it is refused with 429. */
        @WithDefault("20")
        int maxFailuresPerClient();

        /** Failed authentications from one remote address within the window before it is refused with 429. */
        @WithDefault("10")
        int maxFailuresPerAddress();

        @WithDefault("5m")
        Duration window();

        /**
         * While a client id is locked (its own or its caller's address's limit reached), one verification of it is
         * allowed per this interval, so that its right secret still gets a token: guessers get one guess per
         * interval, the client waits about that long.
         */
        @WithDefault("10s")
        Duration lockedVerificationInterval();

        /** The most client ids, and the most addresses, the throttle holds counts for: its memory bound. */
        @WithDefault("100000")
        int maxTrackedKeys();

        /**
         * Addresses and CIDR blocks of the proxies in front of token-service (the Ingress controller's pods):
         * through them, the caller's address is the right-most X-Forwarded-For entry that is not one of them.
         * Empty: the TCP peer is the caller, X-Forwarded-For is ignored.
         */
        Optional<List<String>> trustedProxies();
    }

    interface Bootstrap {
        /** With {@link #adminClientSecret()}: an admin client (scope {@code clients:admin}) created at start if absent. */
        Optional<String> adminClientId();

        Optional<String> adminClientSecret();
    }
}
