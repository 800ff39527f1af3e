package dev.quarry.corpora.eval;

import dev.quarry.detectors.alert.Severity;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryMarker;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.ui.VerticalAlignment;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's plots, drawn with JFreeChart into PNG files (headless): {@code roc.png} (Quarry's
 * severity thresholds and the baselines' tuned points, TPR against FPR),
 * {@code time_to_detect_cdf.png} (share of attackers detected within a given event time, log
 * scale) and {@code archetype_rates.png} (per-archetype detection or false-positive rate, one bar
 * per system); also the watermark figures' line charts. Archetype names come from
 * {@code labels.csv} and are drawn as plain text only. Stateless.
 */
public final class ReportCharts {
    public static final String ROC = "roc.png";
    public static final String CDF = "time_to_detect_cdf.png";
    public static final String BARS = "archetype_rates.png";

    static final Color QUARRY = new Color(0x1f4e99);
    private static final Color[] BASELINE_COLOURS = {new Color(0xe07b00), new Color(0x2e8b3a), new Color(0x8a3fa8),
        new Color(0xb03030), new Color(0x607080)};
    private static final Color GRID = new Color(0xdddddd);
    private static final Color BENIGN_SHADE = new Color(0xeef3ee);
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final Shape DOT = new Ellipse2D.Double(-6, -6, 12, 12);
    private static final Shape SQUARE = new Rectangle2D.Double(-6, -6, 12, 12);
    private static final Shape LEGEND_LINE = new Line2D.Double(-14, 0, 14, 0);
    private static final String QUARRY_AT_MEDIUM = "Quarry (>= medium)";
    private static final double DAY = 24 * 3600;

    static {
        // No display on the machines that run evaluations; AWT must not look for one.
        System.setProperty("java.awt.headless", "true");
    }

    private ReportCharts() {
    }

    /** Writes the three PNGs into {@code dir} and returns their paths. */
    public static List<Path> write(EvalReport report, Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(save(roc(report), dir.resolve(ROC)));
        out.add(save(cdf(report), dir.resolve(CDF)));
        out.add(save(bars(report), dir.resolve(BARS)));
        return out;
    }

    static BufferedImage roc(EvalReport r) {
        double maxFpr = 0.1;
        for (Scorecard s : r.sweep().values()) {
            maxFpr = Math.max(maxFpr, finite(s.fpr()));
        }
        for (BaselineResult b : r.baselines()) {
            maxFpr = Math.max(maxFpr, finite(b.scorecard().fpr()));
        }
        maxFpr = maxFpr <= 0.1 ? 0.1 : Math.min(1.0, Math.ceil(maxFpr * 10 * 1.1) / 10);
        XYSeriesCollection points = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        LegendItemCollection legend = new LegendItemCollection();
        // Quarry's thresholds, connected from the strictest to the most permissive.
        XYSeries quarry = new XYSeries(0, false, true);
        for (Map.Entry<Severity, Scorecard> e : r.sweep().entrySet()) {
            quarry.add(finite(e.getValue().fpr()), finite(e.getValue().tpr()));
            legend.add(new LegendItem(String.format(Locale.ROOT, "Quarry >= %s: TPR %s, FPR %s",
                    e.getKey().wireName(), ReportMarkdown.pct(e.getValue().tpr()), ReportMarkdown.pct(e.getValue().fpr())),
                    null, null, null, DOT, QUARRY));
        }
        points.addSeries(quarry);
        renderer.setSeriesPaint(0, QUARRY);
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setSeriesShape(0, DOT);
        for (int i = 0; i < r.baselines().size(); i++) {
            BaselineResult b = r.baselines().get(i);
            XYSeries point = new XYSeries(i + 1);
            point.add(finite(b.scorecard().fpr()), finite(b.scorecard().tpr()));
            points.addSeries(point);
            // Growing hollow squares at the true position: tuned baselines often share a point with
            // Quarry (same FPR by construction, same TPR when they catch everything), and nested
            // marks keep each visible without moving any of them.
            double half = 10 + 5 * i;
            renderer.setSeriesShape(i + 1, new Rectangle2D.Double(-half, -half, 2 * half, 2 * half));
            renderer.setSeriesShapesFilled(i + 1, false);
            renderer.setSeriesLinesVisible(i + 1, false);
            renderer.setSeriesOutlineStroke(i + 1, new BasicStroke(3f));
            renderer.setSeriesPaint(i + 1, colour(i + 1));
            legend.add(new LegendItem(String.format(Locale.ROOT, "%s (tuned): TPR %s, FPR %s", b.name(),
                    ReportMarkdown.pct(b.scorecard().tpr()), ReportMarkdown.pct(b.scorecard().fpr())),
                    null, null, null, SQUARE, colour(i + 1)));
        }
        // Margins on every side keep marks on the axis limits whole.
        double pad = maxFpr * 0.04;
        XYPlot plot = new XYPlot(points,
                percentAxis("false-positive rate (benign clients flagged)", -pad, maxFpr + pad, maxFpr / 5),
                percentAxis("true-positive rate (attackers flagged)", -0.03, 1.03, 0.2), renderer);
        return image(chart("Detection vs false positives (per client)", xy(plot), legend), 1040, 640);
    }

    static BufferedImage cdf(EvalReport r) {
        XYSeriesCollection curves = new XYSeriesCollection();
        LiftedLines renderer = new LiftedLines();
        LegendItemCollection legend = new LegendItemCollection();
        for (int s = 0; s <= r.baselines().size(); s++) {
            Scorecard card = s == 0 ? r.quarry() : r.baselines().get(s - 1).scorecard();
            curves.addSeries(steps(s, card));
            Stroke stroke = s == 0 ? new BasicStroke(2.5f)
                    : new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                            new float[] {8f + 2 * s, 4f}, 0f);
            renderer.setSeriesPaint(s, colour(s));
            renderer.setSeriesStroke(s, stroke);
            legend.add(new LegendItem(s == 0 ? QUARRY_AT_MEDIUM : r.baselines().get(s - 1).name(), null, null, null,
                    LEGEND_LINE, stroke, colour(s)));
        }
        XYPlot plot = new XYPlot(curves, new DurationAxis("time to detection (log scale; under 1 s drawn at 1 s)"),
                percentAxis("share of all attackers detected", -0.02, 1.02, 0.2), renderer);
        return image(chart("Time to detection of attackers (event time from first request)", xy(plot), legend),
                900, 600);
    }

    /**
     * The step curve of {@code s}'s detections, as a share of all its attackers: times under 1 s are
     * drawn at 1 s, times over a day at a day. Empty when there are no attackers.
     */
    private static XYSeries steps(int key, Scorecard s) {
        XYSeries steps = new XYSeries(key, false, true);
        if (s.attackers() == 0) {
            return steps;
        }
        double share = 0;
        int count = 0;
        steps.add(1, 0);
        for (double sec : s.attackerSecondsToDetect()) {
            double x = Math.min(DAY, Math.max(1.0, sec));
            steps.add(x, share);
            share = (double) ++count / s.attackers();
            steps.add(x, share);
        }
        steps.add(DAY, share);
        return steps;
    }

    static BufferedImage bars(EvalReport r) {
        List<ArchetypeScore> quarry = new ArrayList<>(r.quarry().archetypes().values());
        int systems = 1 + r.baselines().size();
        int w = Math.max(1000, 320 + Math.max(90, systems * 22 + 30) * quarry.size());
        DefaultCategoryDataset rates = new DefaultCategoryDataset();
        List<CategoryMarker> benign = new ArrayList<>();
        for (int i = 0; i < quarry.size(); i++) {
            ArchetypeScore q = quarry.get(i);
            Category archetype = new Category(i, q.archetype() + " (" + q.label() + ", " + q.clients() + ")");
            for (int s = 0; s < systems; s++) {
                ArchetypeScore a = s == 0 ? q : r.baselines().get(s - 1).scorecard().archetypes().get(q.archetype());
                rates.addValue(a == null ? null : finite(a.rate()), Integer.valueOf(s), archetype);
            }
            if (!q.isAttack()) {
                CategoryMarker shade = new CategoryMarker(archetype, BENIGN_SHADE, new BasicStroke(1f));
                shade.setDrawAsLine(false);
                benign.add(shade);
            }
        }
        BarRenderer renderer = new ZeroMarkingBars();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        renderer.setMaximumBarWidth(22.0 / (w - 320));
        LegendItemCollection legend = new LegendItemCollection();
        for (int s = 0; s < systems; s++) {
            renderer.setSeriesPaint(s, colour(s));
            legend.add(new LegendItem(s == 0 ? QUARRY_AT_MEDIUM : r.baselines().get(s - 1).name() + " (tuned)",
                    null, null, null, SQUARE, colour(s)));
        }
        legend.add(new LegendItem("shaded: benign archetypes", null, null, null, SQUARE, new Color(0xb8ccb8)));
        CategoryAxis x = style(new CategoryAxis(null));
        x.setCategoryLabelPositions(CategoryLabelPositions.createDownRotationLabelPositions(Math.PI / 6));
        x.setMaximumCategoryLabelLines(2);
        x.setLowerMargin(0.01);
        x.setUpperMargin(0.01);
        x.setCategoryMargin(0.08);
        CategoryPlot plot = category(new CategoryPlot(rates, x,
                percentAxis("share of the archetype's clients flagged", 0, 1, 0.2), renderer));
        for (CategoryMarker shade : benign) {
            plot.addDomainMarker(shade, Layer.BACKGROUND);
        }
        return image(chart("Per archetype: detection rate (attack) and false-positive rate (benign)", plot, legend),
                w, 680);
    }

    /**
     * A line chart of {@code series} over evenly spaced categories {@code xTicks}, with a dashed
     * horizontal {@code threshold} line, saved as PNG to {@code file} (used by the watermark
     * figures). The y axis runs from 0 (or the lowest value) to the highest value or threshold;
     * with {@code logY} it is logarithmic from 0.1 (smaller values drawn at 0.1) up to the next
     * power of ten.
     */
    public static Path lineChart(Path file, String title, String xLabel, String yLabel, List<String> xTicks,
            List<String> names, List<double[]> series, double threshold, String thresholdLabel, boolean logY)
            throws IOException {
        DefaultCategoryDataset values = new DefaultCategoryDataset();
        LineAndShapeRenderer renderer = new LineAndShapeRenderer(true, true);
        LegendItemCollection legend = new LegendItemCollection();
        double lo = logY ? Math.min(0.1, threshold) : Math.min(0, threshold);
        double hi = threshold;
        for (int s = 0; s < series.size(); s++) {
            double[] ys = series.get(s);
            for (int i = 0; i < ys.length; i++) {
                double y = logY ? Math.max(0.1, finite(ys[i])) : finite(ys[i]);
                values.addValue(y, Integer.valueOf(s), new Category(i, xTicks.get(i)));
                lo = Math.min(lo, y);
                hi = Math.max(hi, y);
            }
            renderer.setSeriesPaint(s, colour(s));
            renderer.setSeriesStroke(s, new BasicStroke(2.5f));
            renderer.setSeriesShape(s, new Ellipse2D.Double(-4.5, -4.5, 9, 9));
            legend.add(new LegendItem(names.get(s), null, null, null, DOT, colour(s)));
        }
        ValueAxis y;
        if (logY) {
            LogAxis log = new LogAxis(yLabel);
            // A little beyond the powers of ten, so that points at either end stay whole.
            log.setRange(lo / 1.15, Math.pow(10, Math.ceil(Math.log10(hi))) * 1.15);
            log.setTickUnit(new NumberTickUnit(1));
            log.setNumberFormatOverride(new DecimalFormat("0.#", DecimalFormatSymbols.getInstance(Locale.ROOT)));
            y = log;
        } else {
            NumberAxis linear = new NumberAxis(yLabel);
            double pad = (hi - lo) * 0.04;
            linear.setRange(lo - pad, hi + pad);
            linear.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            y = linear;
        }
        CategoryPlot plot = category(new CategoryPlot(values, style(new CategoryAxis(xLabel)), style(y), renderer));
        plot.setDomainGridlinesVisible(true);
        Stroke dashed = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f);
        plot.addRangeMarker(new ValueMarker(threshold, Color.DARK_GRAY, dashed), Layer.FOREGROUND);
        legend.add(new LegendItem(thresholdLabel, null, null, null, LEGEND_LINE, dashed, Color.DARK_GRAY));
        return save(image(chart(title, plot, legend), 900, 560), file);
    }

    /**
     * A category with its position, so that two archetypes whose labels read the same stay two
     * categories. Drawn as {@code text}.
     */
    private record Category(int index, String text) implements Comparable<Category> {
        @Override
        public int compareTo(Category o) {
            return Integer.compare(index, o.index);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A log-scale time axis, about 1 s to 24 h, with ticks at round durations. */
    private static final class DurationAxis extends LogAxis {
        private static final double[] SECONDS = {1, 10, 60, 600, 3600, 6 * 3600, DAY};
        private static final String[] NAMES = {"1 s", "10 s", "1 min", "10 min", "1 h", "6 h", "24 h"};

        DurationAxis(String label) {
            super(label);
            // A little beyond 1 s and 24 h, so that steps at either end are not hidden by the frame.
            setRange(0.85, DAY / 0.85);
            style(this);
        }

        @Override
        public List<NumberTick> refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
            List<NumberTick> ticks = new ArrayList<>();
            for (int i = 0; i < SECONDS.length; i++) {
                ticks.add(new NumberTick(SECONDS[i], NAMES[i], TextAnchor.TOP_CENTER, TextAnchor.CENTER, 0));
            }
            return ticks;
        }
    }

    /**
     * Draws series {@code k} {@code k} pixels higher: step curves that coincide (two systems that
     * flag nobody, or the same attackers at the same times) stay distinguishable.
     */
    private static final class LiftedLines extends XYLineAndShapeRenderer {
        LiftedLines() {
            super(true, false);
            setDrawSeriesLineAsPath(true);
        }

        @Override
        protected void drawFirstPassShape(Graphics2D g2, int pass, int series, int item, Shape shape) {
            g2.translate(0, -series);
            super.drawFirstPassShape(g2, pass, series, item, shape);
            g2.translate(0, series);
        }
    }

    /** Bars that mark a zero with a line on the base, so that "0%" reads as measured, not missing. */
    private static final class ZeroMarkingBars extends BarRenderer {
        @Override
        public void drawItem(Graphics2D g2, CategoryItemRendererState state, Rectangle2D dataArea, CategoryPlot plot,
                CategoryAxis domainAxis, ValueAxis rangeAxis, CategoryDataset dataset, int row, int column, int pass) {
            super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass);
            Number value = dataset.getValue(row, column);
            if (value != null && value.doubleValue() == 0) {
                double x = calculateBarW0(plot, plot.getOrientation(), dataArea, domainAxis, state, row, column);
                // Just above the plot's frame, which is drawn over the data.
                double y = rangeAxis.valueToJava2D(0, dataArea, plot.getRangeAxisEdge()) - 2;
                g2.setPaint(getItemPaint(row, column));
                g2.setStroke(new BasicStroke(3f));
                g2.draw(new Line2D.Double(x, y, x + state.getBarWidth(), y));
            }
        }
    }

    /** Colour of system {@code s}: Quarry first, then the baselines in report order. */
    static Color colour(int s) {
        return s == 0 ? QUARRY : BASELINE_COLOURS[(s - 1) % BASELINE_COLOURS.length];
    }

    /** A percentage axis from {@code lower} to {@code upper}, a tick every {@code step} from 0. */
    private static NumberAxis percentAxis(String label, double lower, double upper, double step) {
        NumberAxis axis = new NumberAxis(label);
        axis.setRange(lower, upper);
        axis.setTickUnit(new NumberTickUnit(step, NumberFormat.getPercentInstance(Locale.ROOT)));
        return style(axis);
    }

    private static <A extends Axis> A style(A axis) {
        axis.setLabelFont(FONT);
        axis.setTickLabelFont(FONT);
        axis.setLabelInsets(new RectangleInsets(6, 6, 6, 6));
        axis.setTickLabelPaint(Color.BLACK);
        axis.setAxisLinePaint(Color.BLACK);
        return axis;
    }

    private static XYPlot xy(XYPlot plot) {
        frame(plot);
        // Quarry first, the baselines over it, as their marks and dashes leave gaps.
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
        plot.setDomainGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlinePaint(GRID);
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        return plot;
    }

    private static CategoryPlot category(CategoryPlot plot) {
        frame(plot);
        plot.setDomainGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlinePaint(GRID);
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        return plot;
    }

    private static void frame(Plot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.BLACK);
        plot.setOutlineStroke(new BasicStroke(1.5f));
    }

    /** A chart with a title, {@code plot} and, right of it, exactly the {@code legend} items. */
    private static JFreeChart chart(String title, Plot plot, LegendItemCollection legend) {
        if (plot instanceof XYPlot xy) {
            xy.setFixedLegendItems(legend);
        } else if (plot instanceof CategoryPlot c) {
            c.setFixedLegendItems(legend);
        }
        JFreeChart chart = new JFreeChart(title, TITLE, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(10, 10, 10, 10));
        chart.getTitle().setPadding(0, 0, 12, 0);
        LegendTitle key = chart.getLegend();
        key.setPosition(RectangleEdge.RIGHT);
        key.setVerticalAlignment(VerticalAlignment.TOP);
        key.setItemFont(SMALL);
        key.setFrame(BlockBorder.NONE);
        key.setMargin(0, 16, 0, 0);
        return chart;
    }

    private static BufferedImage image(JFreeChart chart, int w, int h) {
        return chart.createBufferedImage(w, h, BufferedImage.TYPE_INT_RGB, null);
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0.0;
    }

    private static Path save(BufferedImage img, Path file) throws IOException {
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
        return file;
    }
}
