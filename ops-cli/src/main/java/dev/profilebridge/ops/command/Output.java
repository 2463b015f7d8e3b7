package dev.profilebridge.ops.command;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What a command prints: the service's JSON as it came ({@code --json}), or tables for people. */
final class Output {

    private final PrintWriter out;
    private final ObjectMapper json;
    private final boolean asJson;

    Output(PrintWriter out, ObjectMapper json, boolean asJson) {
        this.out = out;
        this.json = json;
        this.asJson = asJson;
    }

    boolean asJson() {
        return asJson;
    }

    void json(JsonNode node) {
        try {
            out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            out.println(node);
        }
        out.flush();
    }

    void line(String format, Object... args) {
        out.println(args.length == 0 ? format : String.format(format, args));
        out.flush();
    }

    /** A table with a header row; each column as wide as its widest cell. */
    void table(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] widths = new int[header.size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (widths[i] + 2) + "s", row.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    /** A field's text, or "-" when absent. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "-" : value.asText();
    }
}
