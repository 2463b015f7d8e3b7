package dev.profilebridge.token.api;

import java.util.Set;

import dev.profilebridge.token.domain.ClientCredentials;

/** A well-formed client-credentials token request. */
public record TokenRequest(ClientCredentials credentials, Set<String> scopes) {
}
