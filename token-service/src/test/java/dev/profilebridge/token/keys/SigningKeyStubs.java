package dev.profilebridge.token.keys;

import java.util.function.Supplier;

/** Signing keys without PostgreSQL, for unit tests of what signs with them: the snapshot is the test's. */
public final class SigningKeyStubs {

    private SigningKeyStubs() {
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
