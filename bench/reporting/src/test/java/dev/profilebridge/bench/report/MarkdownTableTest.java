package dev.profilebridge.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class MarkdownTableTest {

    @Test
    void rendersRatiosValuesRefusalsAndWhetherEachTargetIsMet() {
        List<Figure> figures = List.of(
                FigureFile.parse("token.reuse\t5100\t10000\t200000\t0"),
                FigureFile.parse("token.signing\t9000\t10000\t200000\t12"),
                FigureFile.parse("freshness.c4c.50\t612\t\t9000\t0\t\tp50=180;p95=420"),
                FigureFile.parse("ingest.single.rps\t3636\t\t72720\t0"));

        assertEquals("""
                | figure | now | target | met |
                | --- | --- | --- | --- |
                | token endpoint ÷ bare endpoint, every answer a token (reuse window on) | 0.51 (5,100 ÷ 10,000 tokens/s) | ≥ 0.50 | yes |
                | token endpoint ÷ bare endpoint, signing every token | refused: 12 of 200000 answers were errors | ≥ 0.20 | no (refused) |
                | freshness p99, C4C, at 50 % of C·B/L (L = 100 ms) | 612 ms; p50 180, p95 420 | < 500 | no |
                | ingest one profile per request, 32 connections | 3,636 requests/s | ≥ 5,000 | no |
                """,
                MarkdownTable.render(figures));
    }

    @Test
    void aPipeInANoteOrLabelDoesNotBreakTheTable() {
        String table = MarkdownTable.render(List.of(FigureFile.parse("a|b\t1\t\t1\t0")));

        assertEquals("| a\\|b | 1.00 |  |  |", table.lines().skip(2).findFirst().orElseThrow());
    }
}
