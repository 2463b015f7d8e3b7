package dev.profilebridge.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures the benchmarks of one run wrote, one a line, tab-separated (what bench/lib.sh's {@code figure} writes):
 * {@code id value baseline checked errors [note [details]]}, an empty value or baseline for none, details as
 * {@code name=number;name=number}. A later line for an id replaces an earlier one.
 */
public final class FigureFile {

    private FigureFile() {
    }

    public static List<Figure> read(Path file) throws IOException {
        Map<String, Figure> figures = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                Figure figure = parse(line);
                figures.put(figure.id(), figure);
            }
        }
        for (String id : Catalogue.targeted()) {
            // A figure with a target that no benchmark wrote (it failed, or was not run) shows as not measured.
            figures.computeIfAbsent(id, missing -> parse(missing + "\t\t\t0\t0\tno benchmark reported it"));
        }
        List<Figure> ordered = new ArrayList<>(figures.values());
        ordered.sort(Comparator.comparingInt(f -> Catalogue.order(f.id())));
        return ordered;
    }

    static Figure parse(String line) {
        String[] fields = line.split("\t", -1);
        if (fields.length < 5) {
            throw new IllegalArgumentException("A figure line needs id, value, baseline, checked, errors: " + line);
        }
        Catalogue.Entry entry = Catalogue.entry(fields[0]);
        return new Figure(fields[0], entry.label(), entry.unit(), number(fields[1]), number(fields[2]),
                Long.parseLong(fields[3].trim()), Long.parseLong(fields[4].trim()), entry.target(),
                fields.length > 5 ? fields[5] : "", fields.length > 6 ? details(fields[6]) : Map.of());
    }

    private static Double number(String text) {
        return text.isBlank() ? null : Double.valueOf(text.trim());
    }

    private static Map<String, Double> details(String text) {
        Map<String, Double> details = new LinkedHashMap<>();
        for (String pair : text.split(";")) {
            if (!pair.isBlank()) {
                String[] nameAndValue = pair.split("=", 2);
                details.put(nameAndValue[0].trim(), Double.valueOf(nameAndValue[1].trim()));
            }
        }
        return details;
    }
}
