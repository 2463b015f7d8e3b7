package dev.profilebridge.console.web;

import java.util.List;

import dev.profilebridge.console.model.ConnectorTrace;
import dev.profilebridge.console.model.DeadLetter;

/** One connector on a profile's page: what it delivered, what is on its way, its dead letters; or why it did not answer. */
public record ConnectorProfile(String name, ConnectorTrace trace, List<DeadLetter> deadLetters, String error) {
}
