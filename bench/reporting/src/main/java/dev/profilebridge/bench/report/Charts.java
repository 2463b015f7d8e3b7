package dev.profilebridge.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's PNG charts, drawn with JFreeChart (in the build; nothing to install). */
final class Charts {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 560;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /**
     * Each figure with a target against its goal: 1 is the target exactly, above it is met (for a latency, the goal
     * divided by the figure, so above 1 is met too). A refused figure has no bar.
     */
    static void goals(List<Figure> figures, Path png) throws IOException {
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        for (Figure figure : figures) {
            OptionalDouble shown = figure.shown();
            if (figure.target() != null) {
                dataset.addValue(shown.isPresent() ? againstGoal(figure.target(), shown.getAsDouble()) : null,
                        "figure ÷ goal", figure.id() + (shown.isPresent() ? "" : " (refused)"));
            }
        }
        JFreeChart chart = ChartFactory.createBarChart("Against the goal (1 = target; above is met)", null,
                "figure ÷ goal", dataset, PlotOrientation.VERTICAL, false, false, false);
        chart.getCategoryPlot().addRangeMarker(marker(1.0));
        chart.getCategoryPlot().getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        write(chart, png);
    }

    static double againstGoal(Target target, double shown) {
        return target.comparison() == Target.Comparison.AT_LEAST ? shown / target.threshold() : target.threshold() / shown;
    }

    /** Latency by percentile, one line per load level: the whole distribution, not three points of it. */
    static void latencyDistribution(String title, Map<String, double[]> samplesByLevel, double goalMs, Path png)
            throws IOException {
        XYSeriesCollection dataset = new XYSeriesCollection();
        samplesByLevel.forEach((level, samples) -> {
            Percentiles percentiles = new Percentiles(samples);
            XYSeries series = new XYSeries(level);
            for (double percent = 1; percent <= 100; percent += percent < 90 ? 1 : 0.1) {
                series.add(percent, percentiles.at(Math.min(percent, 100)));
            }
            dataset.addSeries(series);
        });
        JFreeChart chart = ChartFactory.createXYLineChart(title, "percentile", "ingest acknowledgement → SAP confirmation (ms)",
                dataset, PlotOrientation.VERTICAL, true, false, false);
        chart.getXYPlot().addRangeMarker(marker(goalMs));
        write(chart, png);
    }

    /** Delivered profiles per second over a connector run, with the run's bound. */
    static void throughput(String title, double[][] rateOverTime, Double bound, Path png) throws IOException {
        XYSeries series = new XYSeries("delivered/s");
        for (double[] point : rateOverTime) {
            series.add(point[0], point[1]);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "seconds", "profiles/s",
                new XYSeriesCollection(series), PlotOrientation.VERTICAL, false, false, false);
        if (bound != null) {
            chart.getXYPlot().addRangeMarker(marker(bound));
            // The bound stays in view when the run is far below it: that gap is what the chart is for.
            double highest = Math.max(bound, series.getItemCount() == 0 ? 0 : series.getMaxY());
            chart.getXYPlot().getRangeAxis().setRange(0, highest * 1.1);
        }
        write(chart, png);
    }

    private static ValueMarker marker(double value) {
        return new ValueMarker(value, Color.RED, new BasicStroke(1.5f));
    }

    private static void write(JFreeChart chart, Path png) throws IOException {
        Files.createDirectories(png.getParent());
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }
}
