package dev.quarry.corpora.eval;

import dev.quarry.detectors.alert.Severity;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The report's plots, drawn with Java2D into PNG files (headless): {@code roc.png} (Quarry's
 * severity thresholds and the baselines' tuned points, TPR against FPR),
 * {@code time_to_detect_cdf.png} (share of attackers detected within a given event time, log
 * scale) and {@code archetype_rates.png} (per-archetype detection or false-positive rate, one bar
 * per system). Stateless.
 */
public final class ReportCharts {
    public static final String ROC = "roc.png";
    public static final String CDF = "time_to_detect_cdf.png";
    public static final String BARS = "archetype_rates.png";

    private static final Color QUARRY = new Color(0x1f4e99);
    private static final Color[] BASELINE_COLOURS = {new Color(0xe07b00), new Color(0x2e8b3a), new Color(0x8a3fa8),
        new Color(0xb03030), new Color(0x607080)};
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final int LEFT = 80;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;

    private ReportCharts() {
    }

    /** Writes the three PNGs into {@code dir} and returns their paths. */
    public static List<Path> write(EvalReport report, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Path> out = new ArrayList<>();
        out.add(save(roc(report), dir.resolve(ROC)));
        out.add(save(cdf(report), dir.resolve(CDF)));
        out.add(save(bars(report), dir.resolve(BARS)));
        return out;
    }

    static BufferedImage roc(EvalReport r) {
        int w = 1040;
        int h = 640;
        int right = 400;
        BufferedImage img = canvas(w, h);
        Graphics2D g = graphics(img);
        int pw = w - LEFT - right;
        int ph = h - TOP - BOTTOM;
        double maxFpr = 0.1;
        for (Scorecard s : r.sweep().values()) {
            maxFpr = Math.max(maxFpr, finite(s.fpr()));
        }
        for (BaselineResult b : r.baselines()) {
            maxFpr = Math.max(maxFpr, finite(b.scorecard().fpr()));
        }
        maxFpr = maxFpr <= 0.1 ? 0.1 : Math.min(1.0, Math.ceil(maxFpr * 10 * 1.1) / 10);
        // Leave a margin left of FPR 0 so that points on the axis stay visible.
        double x0 = -maxFpr * 0.04;
        double xRange = maxFpr - x0;
        Axes axes = new Axes(LEFT, TOP, pw, ph);
        title(g, "Detection vs false positives (per client)", w);
        axes.frame(g);
        for (int i = 0; i <= 5; i++) {
            double fpr = maxFpr * i / 5;
            axes.xTick(g, (fpr - x0) / xRange, String.format(Locale.ROOT, "%.0f%%", fpr * 100));
            axes.yTick(g, i / 5.0, String.format(Locale.ROOT, "%.0f%%", i * 20.0));
        }
        axes.xLabel(g, "false-positive rate (benign clients flagged)");
        axes.yLabel(g, "true-positive rate (attackers flagged)");
        // Quarry's thresholds, connected from the strictest to the most permissive.
        List<String> legend = new ArrayList<>();
        List<Color> colours = new ArrayList<>();
        int[] xs = new int[r.sweep().size()];
        int[] ys = new int[r.sweep().size()];
        int k = 0;
        for (Map.Entry<Severity, Scorecard> e : r.sweep().entrySet()) {
            xs[k] = axes.x((finite(e.getValue().fpr()) - x0) / xRange);
            ys[k] = axes.y(finite(e.getValue().tpr()));
            k++;
        }
        g.setColor(QUARRY);
        g.setStroke(new BasicStroke(2f));
        g.drawPolyline(xs, ys, xs.length);
        k = 0;
        for (Map.Entry<Severity, Scorecard> e : r.sweep().entrySet()) {
            g.setColor(QUARRY);
            g.fillOval(xs[k] - 6, ys[k] - 6, 12, 12);
            legend.add(String.format(Locale.ROOT, "Quarry >= %s: TPR %s, FPR %s", e.getKey().wireName(),
                    ReportMarkdown.pct(e.getValue().tpr()), ReportMarkdown.pct(e.getValue().fpr())));
            colours.add(QUARRY);
            k++;
        }
        for (int i = 0; i < r.baselines().size(); i++) {
            BaselineResult b = r.baselines().get(i);
            Color c = BASELINE_COLOURS[i % BASELINE_COLOURS.length];
            int px = axes.x((finite(b.scorecard().fpr()) - x0) / xRange);
            int py = axes.y(finite(b.scorecard().tpr()));
            g.setColor(c);
            g.setStroke(new BasicStroke(3f));
            // Growing hollow squares at the true position: tuned baselines often share a point with
            // Quarry (same FPR by construction, same TPR when they catch everything), and nested
            // marks keep each visible without moving any of them.
            int half = 10 + 5 * i;
            g.drawRect(px - half, py - half, 2 * half, 2 * half);
            legend.add(String.format(Locale.ROOT, "%s (tuned): TPR %s, FPR %s", b.name(),
                    ReportMarkdown.pct(b.scorecard().tpr()), ReportMarkdown.pct(b.scorecard().fpr())));
            colours.add(c);
        }
        legend(g, LEFT + pw + 20, TOP + 10, legend, colours, r.sweep().size());
        g.dispose();
        return img;
    }

    static BufferedImage cdf(EvalReport r) {
        int w = 900;
        int h = 600;
        int right = 200;
        BufferedImage img = canvas(w, h);
        Graphics2D g = graphics(img);
        Axes axes = new Axes(LEFT, TOP, w - LEFT - right, h - TOP - BOTTOM);
        title(g, "Time to detection of attackers (event time from first request)", w);
        axes.frame(g);
        double[] ticks = {1, 10, 60, 600, 3600, 6 * 3600, 24 * 3600};
        String[] names = {"1 s", "10 s", "1 min", "10 min", "1 h", "6 h", "24 h"};
        double lo = 0;
        double hi = Math.log10(24 * 3600);
        for (int i = 0; i < ticks.length; i++) {
            axes.xTick(g, (Math.log10(ticks[i]) - lo) / (hi - lo), names[i]);
        }
        for (int i = 0; i <= 5; i++) {
            axes.yTick(g, i / 5.0, String.format(Locale.ROOT, "%.0f%%", i * 20.0));
        }
        axes.xLabel(g, "time to detection (log scale; under 1 s drawn at 1 s)");
        axes.yLabel(g, "share of all attackers detected");
        List<String> legend = new ArrayList<>();
        List<Color> colours = new ArrayList<>();
        step(g, axes, r.quarry(), QUARRY, lo, hi, 0);
        legend.add("Quarry (>= medium)");
        colours.add(QUARRY);
        for (int i = 0; i < r.baselines().size(); i++) {
            Color c = BASELINE_COLOURS[i % BASELINE_COLOURS.length];
            step(g, axes, r.baselines().get(i).scorecard(), c, lo, hi, i + 1);
            legend.add(r.baselines().get(i).name());
            colours.add(c);
        }
        legend(g, w - right + 20, TOP + 10, legend, colours, 0);
        g.dispose();
        return img;
    }

    private static void step(Graphics2D g, Axes axes, Scorecard s, Color c, double lo, double hi, int offset) {
        if (s.attackers() == 0) {
            return;
        }
        g.setColor(c);
        g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                offset == 0 ? null : new float[] {8f + 2 * offset, 4f}, 0f));
        double yPrev = 0;
        int xPrev = axes.x(0);
        int count = 0;
        for (double sec : s.attackerSecondsToDetect()) {
            count++;
            double fx = (Math.log10(Math.max(1.0, sec)) - lo) / (hi - lo);
            int x = axes.x(Math.min(1.0, fx));
            double y = (double) count / s.attackers();
            g.drawLine(xPrev, axes.y(yPrev) - offset, x, axes.y(yPrev) - offset);
            g.drawLine(x, axes.y(yPrev) - offset, x, axes.y(y) - offset);
            xPrev = x;
            yPrev = y;
        }
        g.drawLine(xPrev, axes.y(yPrev) - offset, axes.x(1.0), axes.y(yPrev) - offset);
    }

    static BufferedImage bars(EvalReport r) {
        List<ArchetypeScore> quarry = new ArrayList<>(r.quarry().archetypes().values());
        int systems = 1 + r.baselines().size();
        int groupWidth = Math.max(90, systems * 22 + 30);
        int right = 240;
        int w = Math.max(1000, LEFT + right + groupWidth * quarry.size());
        int h = 680;
        int bottom = 170;
        BufferedImage img = canvas(w, h);
        Graphics2D g = graphics(img);
        int pw = w - LEFT - right;
        Axes axes = new Axes(LEFT, TOP, pw, h - TOP - bottom);
        title(g, "Per archetype: detection rate (attack) and false-positive rate (benign)", w);
        double slot = (double) pw / Math.max(1, quarry.size());
        for (int i = 0; i < quarry.size(); i++) {
            if (!quarry.get(i).isAttack()) {
                g.setColor(new Color(0xeef3ee));
                g.fillRect((int) (LEFT + i * slot), TOP, (int) Math.ceil(slot), h - TOP - bottom);
            }
        }
        axes.frame(g);
        for (int i = 0; i <= 5; i++) {
            axes.yTick(g, i / 5.0, String.format(Locale.ROOT, "%.0f%%", i * 20.0));
        }
        axes.yLabel(g, "share of the archetype's clients flagged");
        int barW = (int) Math.max(6, Math.min(22, (slot - 20) / systems));
        for (int i = 0; i < quarry.size(); i++) {
            ArchetypeScore q = quarry.get(i);
            int gx = (int) (LEFT + i * slot + (slot - barW * systems) / 2);
            for (int s = 0; s < systems; s++) {
                ArchetypeScore a = s == 0 ? q : r.baselines().get(s - 1).scorecard().archetypes().get(q.archetype());
                Color c = s == 0 ? QUARRY : BASELINE_COLOURS[(s - 1) % BASELINE_COLOURS.length];
                int top = axes.y(finite(a.rate()));
                g.setColor(c);
                g.fillRect(gx + s * barW, top, barW - 2, axes.y(0) - top);
                if (a.rate() == 0) {
                    // A zero bar is invisible: mark it so "0%" reads as measured, not missing.
                    g.drawLine(gx + s * barW, axes.y(0) - 1, gx + s * barW + barW - 3, axes.y(0) - 1);
                }
            }
            g.setColor(Color.DARK_GRAY);
            g.setFont(FONT);
            AffineTransform saved = g.getTransform();
            int lx = (int) (LEFT + i * slot + slot / 2);
            g.translate(lx, axes.y(0) + 12);
            g.rotate(Math.toRadians(30));
            g.drawString(q.archetype() + " (" + q.label() + ", " + q.clients() + ")", 0, 10);
            g.setTransform(saved);
        }
        List<String> legend = new ArrayList<>();
        List<Color> colours = new ArrayList<>();
        legend.add("Quarry (>= medium)");
        colours.add(QUARRY);
        for (int i = 0; i < r.baselines().size(); i++) {
            legend.add(r.baselines().get(i).name() + " (tuned)");
            colours.add(BASELINE_COLOURS[i % BASELINE_COLOURS.length]);
        }
        legend.add("shaded: benign archetypes");
        colours.add(new Color(0xb8ccb8));
        legend(g, LEFT + pw + 15, TOP + 10, legend, colours, 0);
        g.dispose();
        return img;
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
        if (logY) {
            List<double[]> logs = new ArrayList<>();
            for (double[] ys : series) {
                double[] l = new double[ys.length];
                for (int i = 0; i < ys.length; i++) {
                    l[i] = Math.log10(Math.max(0.1, ys[i]));
                }
                logs.add(l);
            }
            series = logs;
            threshold = Math.log10(threshold);
        }
        int w = 900;
        int h = 560;
        int right = 230;
        BufferedImage img = canvas(w, h);
        Graphics2D g = graphics(img);
        Axes axes = new Axes(LEFT, TOP, w - LEFT - right, h - TOP - BOTTOM);
        title(g, title, w);
        double lo = logY ? -1 : Math.min(0, threshold);
        double hi = threshold;
        for (double[] ys : series) {
            for (double y : ys) {
                lo = Math.min(lo, finite(y));
                hi = Math.max(hi, finite(y));
            }
        }
        if (logY) {
            hi = Math.ceil(hi);
        } else { // whole-number ticks at fifths
            lo = Math.floor(lo);
            hi = lo + 5 * Math.max(1, Math.ceil((hi * 1.02 - lo) / 5));
        }
        axes.frame(g);
        int n = xTicks.size();
        for (int i = 0; i < n; i++) {
            axes.xTick(g, n == 1 ? 0.5 : (double) i / (n - 1), xTicks.get(i));
        }
        if (logY) {
            for (int e = (int) lo; e <= hi; e++) {
                axes.yTick(g, (e - lo) / (hi - lo), e < 0 ? "0.1" : String.format(Locale.ROOT, "%.0f", Math.pow(10, e)));
            }
        } else {
            for (int i = 0; i <= 5; i++) {
                axes.yTick(g, i / 5.0, String.format(Locale.ROOT, "%.0f", lo + (hi - lo) * i / 5.0));
            }
        }
        axes.xLabel(g, xLabel);
        axes.yLabel(g, yLabel);
        List<String> legend = new ArrayList<>(names);
        List<Color> colours = new ArrayList<>();
        for (int s = 0; s < series.size(); s++) {
            Color c = s == 0 ? QUARRY : BASELINE_COLOURS[(s - 1) % BASELINE_COLOURS.length];
            colours.add(c);
            g.setColor(c);
            g.setStroke(new BasicStroke(2.5f));
            double[] ys = series.get(s);
            for (int i = 0; i < ys.length; i++) {
                int x = axes.x(n == 1 ? 0.5 : (double) i / (n - 1));
                int y = axes.y((finite(ys[i]) - lo) / (hi - lo));
                g.fillOval(x - 4, y - 4, 9, 9);
                if (i > 0) {
                    g.drawLine(axes.x((double) (i - 1) / (n - 1)), axes.y((finite(ys[i - 1]) - lo) / (hi - lo)), x, y);
                }
            }
        }
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f));
        int ty = axes.y((threshold - lo) / (hi - lo));
        g.drawLine(axes.x(0), ty, axes.x(1), ty);
        legend.add(thresholdLabel);
        colours.add(Color.DARK_GRAY);
        legend(g, w - right + 20, TOP + 10, legend, colours, series.size());
        g.dispose();
        return save(img, file);
    }

    /** Plot area in pixels; fractions (0-1) map to it, y upwards. */
    private record Axes(int left, int top, int width, int height) {
        int x(double f) {
            return (int) Math.round(left + f * width);
        }

        int y(double f) {
            return (int) Math.round(top + height - f * height);
        }

        void frame(Graphics2D g) {
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1.5f));
            g.drawRect(left, top, width, height);
        }

        void xTick(Graphics2D g, double f, String label) {
            int x = x(f);
            g.setColor(new Color(0xdddddd));
            g.setStroke(new BasicStroke(1f));
            g.drawLine(x, top, x, top + height);
            g.setColor(Color.BLACK);
            g.drawLine(x, top + height, x, top + height + 5);
            g.setFont(FONT);
            FontMetrics fm = g.getFontMetrics();
            g.drawString(label, x - fm.stringWidth(label) / 2, top + height + 22);
        }

        void yTick(Graphics2D g, double f, String label) {
            int y = y(f);
            g.setColor(new Color(0xdddddd));
            g.setStroke(new BasicStroke(1f));
            g.drawLine(left, y, left + width, y);
            g.setColor(Color.BLACK);
            g.drawLine(left - 5, y, left, y);
            g.setFont(FONT);
            FontMetrics fm = g.getFontMetrics();
            g.drawString(label, left - 8 - fm.stringWidth(label), y + 5);
        }

        void xLabel(Graphics2D g, String label) {
            g.setFont(FONT);
            FontMetrics fm = g.getFontMetrics();
            g.drawString(label, left + width / 2 - fm.stringWidth(label) / 2, top + height + 48);
        }

        void yLabel(Graphics2D g, String label) {
            g.setFont(FONT);
            FontMetrics fm = g.getFontMetrics();
            AffineTransform saved = g.getTransform();
            g.translate(22, top + height / 2 + fm.stringWidth(label) / 2);
            g.rotate(-Math.PI / 2);
            g.drawString(label, 0, 0);
            g.setTransform(saved);
        }
    }

    /** Legend entries; the first {@code circles} get a round mark, the rest a square. */
    private static void legend(Graphics2D g, int x, int y, List<String> labels, List<Color> colours, int circles) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int i = 0; i < labels.size(); i++) {
            int ly = y + i * 24;
            g.setColor(colours.get(i));
            if (i < circles) {
                g.fillOval(x, ly, 12, 12);
            } else {
                g.fillRect(x, ly, 12, 12);
            }
            g.setColor(Color.BLACK);
            g.drawString(labels.get(i), x + 18, ly + 11);
        }
    }

    private static void title(Graphics2D g, String title, int width) {
        g.setColor(Color.BLACK);
        g.setFont(TITLE);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(title, Math.max(10, width / 2 - fm.stringWidth(title) / 2), 30);
    }

    private static BufferedImage canvas(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    private static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
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
