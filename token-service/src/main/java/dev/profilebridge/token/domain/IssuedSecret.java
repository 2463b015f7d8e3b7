package dev.profilebridge.token.domain;

/** A client together with a secret that was just made: the only time the secret is ever shown. */
public record IssuedSecret(ClientView client, String clientSecret) {

    @Override
    public String toString() {
        return "IssuedSecret[client=" + client.clientId() + ", clientSecret=***]";
    }
}
