package io.github.meteorjob.it.bench;

import io.github.meteorjob.it.bench.SideBySideBenchmark.Config;
import io.github.meteorjob.it.bench.SideBySideBenchmark.Kind;
import io.github.meteorjob.it.bench.SideBySideBenchmark.Run;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The Markdown tables and the PNG bar chart (Java2D, no dependency) of a {@link SideBySideBenchmark} run. */
final class SideBySideReport {

    private static final Color[] COLORS = {new Color(0xE0A800), new Color(0x1F77B4), new Color(0x2CA02C),
        new Color(0x9467BD)};
    private static final String[] NAMES = {"JS meteor-job@1.5.2", "Java (default JVM flags)", "Java (recommended flags)",
        "Java CDI: Weld SE + FT (rec. flags)"};

    private final Map<Config, Map<Kind, List<Run>>> results;
    private final Map<Kind, List<Run>> startups;
    private final List<String> flags;
    private final String started;
    private final String loadStart;
    private final String loadEnd;

    SideBySideReport(Map<Config, Map<Kind, List<Run>>> results, Map<Kind, List<Run>> startups, List<String> flags,
                     String started, String loadStart, String loadEnd) {
        this.results = results;
        this.startups = startups;
        this.flags = flags;
        this.started = started;
        this.loadStart = loadStart;
        this.loadEnd = loadEnd;
    }

    static double median(List<Run> runs, ToDoubleFunction<Run> f) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("<!-- written by SideBySideBenchmark; see docs/benchmarks.md -->\n");
        b.append(String.format(Locale.ROOT, "Run of %s; %d cores; JDK %s; %s; load average (1, 5, 15 min) at start"
                        + " %s, at end %s. Recommended worker flags: `%s`. Medians of %d rounds.%n%n", started,
                Runtime.getRuntime().availableProcessors(), Runtime.version(), nodeVersion(), loadStart, loadEnd,
                String.join(" ", flags), results.values().iterator().next().get(Kind.JS).size()));
        b.append("| configuration (concurrency, prefetch, payload) | JS jobs/s | Java jobs/s | Java / JS"
                + " | Java rec. jobs/s | rec. / JS | CDI jobs/s | CDI / rec. | JS saves/s | Java saves/s | Java / JS"
                + " | rec. / JS | CDI / rec. |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        results.forEach((c, byKind) -> {
            double js = median(byKind.get(Kind.JS), Run::jobRate);
            double java = median(byKind.get(Kind.JAVA), Run::jobRate);
            double rec = median(byKind.get(Kind.JAVA_RECOMMENDED), Run::jobRate);
            double jsS = median(byKind.get(Kind.JS), Run::saveRate);
            double javaS = median(byKind.get(Kind.JAVA), Run::saveRate);
            double recS = median(byKind.get(Kind.JAVA_RECOMMENDED), Run::saveRate);
            double cdi = median(byKind.get(Kind.CDI), Run::jobRate);
            double cdiS = median(byKind.get(Kind.CDI), Run::saveRate);
            b.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %,.0f | %.2f | %,.0f | %.2f | %,.0f | %,.0f"
                            + " | %.2f | %.2f | %.2f |%n", c.label(), js, java, java / js, rec, rec / js, cdi, cdi / rec,
                    jsS, javaS, javaS / jsS, recS / jsS, cdiS / recS));
        });
        b.append("\nCost per job (one save + one processing), worker process and server process:\n\n");
        b.append("| configuration | JS worker CPU-ms/job | Java | Java rec. | CDI | JS peak RSS MB | Java | Java rec. | CDI"
                + " | server CPU-ms/job with JS | with Java | with Java rec. | with CDI |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        results.forEach((c, byKind) -> {
            b.append("| ").append(c.label());
            for (Kind k : Kind.values()) {
                b.append(String.format(Locale.ROOT, " | %.3f", median(byKind.get(k), Run::cpuSeconds) * 1000 / c.jobs()));
            }
            for (Kind k : Kind.values()) {
                b.append(String.format(Locale.ROOT, " | %.0f", median(byKind.get(k), Run::rssMb)));
            }
            for (Kind k : Kind.values()) {
                b.append(String.format(Locale.ROOT, " | %.3f",
                        median(byKind.get(k), Run::serverCpuSeconds) * 1000 / c.jobs()));
            }
            b.append(" |\n");
        });
        b.append("\nStart-up: process start to its first job done (the job saved beforehand), ms:\n\n");
        b.append("| worker | median | all runs |\n|---|---|---|\n");
        startups.forEach((k, runs) -> b.append(String.format(Locale.ROOT, "| %s | %.0f | %s |%n", NAMES[k.ordinal()],
                median(runs, Run::firstJobMs), Arrays.toString(runs.stream().mapToLong(r -> Math.round(r.firstJobMs())).toArray()))));
        return b.toString();
    }

    /** Grouped bars: jobs/s of each worker kind per configuration. */
    void chart(Path png) throws IOException {
        int groups = results.size();
        int w = Math.max(1000, 160 + groups * 230);
        int h = 480;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double max = 1;
        for (Map<Kind, List<Run>> byKind : results.values()) {
            for (Kind k : Kind.values()) {
                max = Math.max(max, median(byKind.get(k), Run::jobRate));
            }
        }
        double step = niceStep(max / 5);
        max = Math.ceil(max / step) * step;
        int left = 80;
        int top = 60;
        int bottom = h - 90;
        int plotH = bottom - top;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString("One worker process against the embedded server: jobs/s (median)", left, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double y = 0; y <= max + 1e-9; y += step) {
            int py = bottom - (int) Math.round(y / max * plotH);
            g.setColor(new Color(0xDDDDDD));
            g.drawLine(left, py, w - 20, py);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%,.0f", y), 10, py + 4);
        }
        int gx = left + 20;
        for (Map.Entry<Config, Map<Kind, List<Run>>> e : results.entrySet()) {
            for (Kind k : Kind.values()) {
                double v = median(e.getValue().get(k), Run::jobRate);
                int bh = (int) Math.round(v / max * plotH);
                int x = gx + k.ordinal() * 52;
                g.setColor(COLORS[k.ordinal()]);
                g.fillRect(x, bottom - bh, 44, bh);
                g.setColor(Color.BLACK);
                g.drawString(String.format(Locale.ROOT, "%,.0f", v), x, bottom - bh - 4);
            }
            g.drawString(e.getKey().label(), gx, bottom + 18);
            gx += 230;
        }
        g.setStroke(new BasicStroke(1));
        g.drawLine(left, bottom, w - 20, bottom);
        int lx = left;
        for (int i = 0; i < NAMES.length; i++) {
            g.setColor(COLORS[i]);
            g.fillRect(lx, h - 40, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(NAMES[i], lx + 20, h - 28);
            lx += 230;
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    static String nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            return "Node " + new String(p.getInputStream().readAllBytes()).trim();
        } catch (IOException e) {
            return "Node ?";
        }
    }
}
