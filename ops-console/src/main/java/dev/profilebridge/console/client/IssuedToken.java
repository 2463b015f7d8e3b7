package dev.profilebridge.console.client;

/** A token token-service issued to the operator, and how many seconds it stays valid. */
public record IssuedToken(String accessToken, long expiresIn) {
}
