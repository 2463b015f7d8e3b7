package dev.profilebridge.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FigureFileTest {

    @Test
    void readsFiguresInTheCataloguesOrderALaterLineReplacingAnEarlierOne(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("figures.tsv"), """
                # id value baseline checked errors note details
                c4c.first\t190\t400\t6000\t0
                ingest.arrays\t47500\t54274\t95\t0\tone route
                c4c.first\t300\t400\t6000\t0
                scaling.c4c.3\t380\t400\t2000\t0\t\tperReplica=126.7
                """);

        List<Figure> figures = FigureFile.read(file).stream()
                .filter(f -> !f.note().equals("no benchmark reported it")).toList();

        assertEquals(List.of("ingest.arrays", "c4c.first", "scaling.c4c.3"), figures.stream().map(Figure::id).toList());
        assertEquals(0.75, figures.get(1).shown().getAsDouble(), 1e-9);
        assertEquals("one route", figures.get(0).note());
        assertEquals(Map.of("perReplica", 126.7), figures.get(2).details());
        assertEquals(Target.atLeast(0.9), figures.get(2).target());
    }

    @Test
    void aTargetedFigureNoBenchmarkWroteIsListedAsNotMeasured(@TempDir Path dir) throws IOException {
        List<Figure> figures = FigureFile.read(Files.writeString(dir.resolve("figures.tsv"), "c4c.first\t300\t400\t6000\t0\n"));

        Figure updates = figures.stream().filter(f -> f.id().equals("c4c.updates")).findFirst().orElseThrow();
        assertEquals("not measured", updates.refusal().orElseThrow());
        assertEquals(Catalogue.targeted().size(), figures.size());
    }

    @Test
    void anEmptyValueIsNotMeasuredAndAShortLineIsAnError() {
        Figure figure = FigureFile.parse("marketing.warm\t\t4000\t0\t0");

        assertNull(figure.value());
        assertEquals("not measured", figure.refusal().orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> FigureFile.parse("marketing.warm\t1\t2"));
    }
}
