package dev.profilebridge.token.keys;

import java.util.function.Supplier;

import dev.profilebridge.token.config.TokenServiceConfig;

/** Signing keys without PostgreSQL, for unit tests of what signs with them: the snapshot is the test's. */
public final class SigningKeyStubs {

    private SigningKeyStubs() {
    }

    /** The provider that signs, as the service picks it from the configuration. */
    public static NativeSignatureProvider signatureProvider(TokenServiceConfig config) {
        return new NativeSignatureProvider(config);
    }

    public static SigningKeys holding(Supplier<SigningKeySnapshot> snapshot) {
        return new SigningKeys(null, null) {
            @Override
            public SigningKeySnapshot current() {
                return snapshot.get();
            }
        };
    }
}
