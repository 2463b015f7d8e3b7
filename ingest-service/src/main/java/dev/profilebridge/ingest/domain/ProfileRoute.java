package dev.profilebridge.ingest.domain;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** A target topic and the condition a CDC account must meet to go there. */
public record ProfileRoute(String name, String topic, List<String> requireAny) {

    public boolean accepts(JsonNode account) {
        return requireAny.isEmpty() || requireAny.stream().anyMatch(path -> holdsValue(account, path));
    }

    private static boolean holdsValue(JsonNode account, String dottedPath) {
        JsonNode node = account;
        for (String step : dottedPath.split("\\.")) {
            node = node.path(step);
        }
        if (node.isMissingNode() || node.isNull()) {
            return false;
        }
        if (node.isContainerNode()) {
            return !node.isEmpty();
        }
        return !node.isTextual() || !node.textValue().isBlank();
    }
}
