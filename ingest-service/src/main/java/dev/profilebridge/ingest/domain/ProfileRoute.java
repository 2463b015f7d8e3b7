package dev.profilebridge.ingest.domain;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** A target topic and the condition a CDC account must meet to go there. */
public record ProfileRoute(String name, String topic, List<String> requireAny) {

    public boolean accepts(CdcAccount account) {
        return requireAny.isEmpty() || requireAny.stream().anyMatch(path -> holdsValue(account, path));
    }

    private static boolean holdsValue(CdcAccount account, String dottedPath) {
        String[] steps = dottedPath.split("\\.");
        JsonNode node = account.get(steps[0]);
        for (int i = 1; node != null && i < steps.length; i++) {
            node = node.get(steps[i]);
        }
        if (node == null || node.isNull()) {
            return false;
        }
        if (node.isContainerNode()) {
            return !node.isEmpty();
        }
        return !node.isTextual() || !node.textValue().isBlank();
    }
}
