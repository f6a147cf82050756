package dev.slackrelay.benchmarks.delivery;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * B1's chart: one panel per run (a row per emulator setting, a column per design), each showing the cumulative
 * accepted posts of every channel over time, with every 429 marked by a red cross on its channel's line. All
 * panels share the axes' ranges, so the designs compare at a glance. Rendered headless to PNG.
 */
final class PostsChart {

    private static final int PANEL_WIDTH = 720;
    private static final int PANEL_HEIGHT = 420;
    private static final Color[] CHANNEL_COLORS = {
            new Color(0x1f77b4), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e), new Color(0x17becf),
            new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private PostsChart() {
    }

    /**
     * Writes the PNG.
     *
     * @param runs    the runs, row by row: all designs of the first setting, then of the next
     * @param designs designs per row
     */
    static void write(List<RunResult> runs, int designs, Path file) throws IOException {
        double xMax = Math.ceil(runs.stream().mapToDouble(RunResult::settleSeconds).max().orElse(1) / 10) * 10;
        double yMax = runs.stream().mapToInt(r -> r.scenario().messagesPerChannel()).max().orElse(1);
        List<XYChart> panels = new ArrayList<>();
        for (RunResult run : runs) {
            panels.add(panel(run, xMax, yMax));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(panels, runs.size() / designs, designs, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static XYChart panel(RunResult run, double xMax, double yMax) {
        ChannelFigures all = ChannelFigures.of(run).getLast();
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT)
                .title(String.format(Locale.ROOT, "%s, %s: %d 429s, drained in %.0f s", run.design().label(),
                        run.scenario().setting(), all.rateLimited(), run.settleSeconds()))
                .xAxisTitle("seconds since the event source started")
                .yAxisTitle("posts accepted per channel").build();
        XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.InsideSE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xdddddd));
        styler.setXAxisMin(0.0).setXAxisMax(xMax).setYAxisMin(0.0).setYAxisMax(yMax);
        styler.setMarkerSize(7);

        List<String> channels = run.scenario().channels();
        for (int c = 0; c < channels.size(); c++) {
            List<Double> xs = new ArrayList<>(List.of(0.0));
            List<Double> ys = new ArrayList<>(List.of(0.0));
            int count = 0;
            for (RunResult.Post post : run.posts(channels.get(c))) {
                xs.add(post.seconds());
                ys.add((double) count);
                count++;
                xs.add(post.seconds());
                ys.add((double) count);
            }
            XYSeries series = chart.addSeries(channels.get(c), xs, ys);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(CHANNEL_COLORS[c % CHANNEL_COLORS.length]);
        }
        if (!run.rateLimited().isEmpty()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (RateLimitSampler.RateLimited limited : run.rateLimited()) {
                xs.add(limited.seconds());
                ys.add((double) run.posts(limited.channel()).stream()
                        .filter(p -> p.seconds() <= limited.seconds()).count());
            }
            XYSeries series = chart.addSeries("429", xs, ys);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            series.setMarker(SeriesMarkers.CROSS);
            series.setMarkerColor(Color.RED);
        }
        return chart;
    }
}
