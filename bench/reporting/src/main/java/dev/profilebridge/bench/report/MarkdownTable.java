package dev.profilebridge.bench.report;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The report's table: figure, now, target, met. "Now" is the ratio to the same run's baseline, with both rates, or
 * the value; a figure refused over errors says so instead of a number and is never "met".
 */
public final class MarkdownTable {

    private MarkdownTable() {
    }

    public static String render(List<Figure> figures) {
        StringBuilder table = new StringBuilder("| figure | now | target | met |\n| --- | --- | --- | --- |\n");
        for (Figure figure : figures) {
            table.append("| ").append(cell(figure.label())).append(" | ").append(cell(now(figure))).append(" | ")
                    .append(figure.target() == null ? "" : figure.target().toString()).append(" | ")
                    .append(met(figure)).append(" |\n");
        }
        return table.toString();
    }

    static String now(Figure figure) {
        return figure.refusal().map(why -> "refused: " + why).orElseGet(() -> {
            String shown = Numbers.format(figure.shown().getAsDouble());
            String measured = figure.isRatio()
                    ? shown + " (" + Numbers.format(figure.value()) + " ÷ " + Numbers.format(figure.baseline()) + " "
                            + figure.unit() + ")"
                    : (shown + " " + figure.unit()).trim();
            return figure.details().isEmpty() ? measured : measured + "; " + details(figure.details());
        });
    }

    private static String details(Map<String, Double> details) {
        return details.entrySet().stream().map(e -> e.getKey() + " " + Numbers.format(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String met(Figure figure) {
        return figure.met().map(met -> met ? "yes" : "no").orElse(figure.target() == null ? "" : "no (refused)");
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
