package dev.profilebridge.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ReportMainTest {

    @Test
    void writesTheJsonTheTableAndAChartForEachGoalDistributionAndRun(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("figures.tsv"), "token.reuse\t9000\t10000\t5000\t0\n"
                + "token.signing\t4000\t10000\t5000\t7\n"
                + "freshness.c4c.50\t320\t\t3000\t0\t\tp50=150;p95=280\n");
        Files.createDirectories(dir.resolve("series"));
        Files.writeString(dir.resolve("series/c4c.first.tsv"), "# bound 400\n0\t0\n1\t300\n2\t650\n");
        Files.createDirectories(dir.resolve("freshness"));
        Files.writeString(dir.resolve("freshness/c4c-50.txt"), "150\n200\n320\n");

        ReportMain.main(new String[] {dir.toString()});

        JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        JsonNode reuse = figure(report, "token.reuse");
        assertEquals(0.9, reuse.path("ratio").asDouble(), 1e-9);
        assertTrue(reuse.path("met").asBoolean());
        assertEquals("7 of 5000 answers were errors", figure(report, "token.signing").path("refused").asText());
        assertEquals("not measured", figure(report, "ingest.arrays").path("refused").asText());
        assertTrue(Files.readString(dir.resolve("report.md")).contains("| figure | now | target | met |"));
        for (String chart : new String[] {"goals", "freshness-c4c", "throughput-c4c.first"}) {
            assertTrue(Files.size(dir.resolve("charts/" + chart + ".png")) > 1000, chart);
        }
    }

    private static JsonNode figure(JsonNode report, String id) {
        for (JsonNode figure : report.path("figures")) {
            if (figure.path("id").asText().equals(id)) {
                return figure;
            }
        }
        throw new AssertionError("no figure " + id);
    }
}
