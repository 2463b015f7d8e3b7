package dev.profilebridge.token.domain;

/** What a caller presented to authenticate as a client. The secret never appears in {@link #toString()}. */
public record ClientCredentials(String clientId, String secret) {

    @Override
    public String toString() {
        return "ClientCredentials[clientId=" + clientId + ", secret=***]";
    }
}
