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
import java.util.stream.Collectors;

/** The Markdown tables and the PNG bar chart (Java2D, no dependency) of a {@link SideBySideBenchmark} run. */
final class SideBySideReport {

    private static final ToDoubleFunction<Run> JOB_RATE = Run::jobRate;

    private final Map<Config, Map<Kind, List<Run>>> results;
    private final Map<Kind, List<Run>> startups;
    private final List<Kind> kinds;
    private final List<String> flags;
    private final String started;
    private final String loadStart;
    private final String loadEnd;

    SideBySideReport(Map<Config, Map<Kind, List<Run>>> results, Map<Kind, List<Run>> startups, List<Kind> kinds,
                     List<String> flags, String started, String loadStart, String loadEnd) {
        this.results = results;
        this.startups = startups;
        this.kinds = kinds;
        this.flags = flags;
        this.started = started;
        this.loadStart = loadStart;
        this.loadEnd = loadEnd;
    }

    static double median(List<Run> runs, ToDoubleFunction<Run> f) {
        if (runs == null) {
            return Double.NaN;
        }
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
                        + " %s, at end %s. Recommended worker flags: `%s`. Java workers run from jars. Medians of %d"
                        + " rounds.%n%n", started, Runtime.getRuntime().availableProcessors(), Runtime.version(),
                nodeVersion(), loadStart, loadEnd, String.join(" ", flags),
                results.values().iterator().next().values().iterator().next().size()));
        b.append("Processing, jobs/s (and the ratio to JS):\n\n");
        rates(b, JOB_RATE);
        b.append("\nSaving, saves/s (and the ratio to JS):\n\n");
        rates(b, Run::saveRate);
        b.append("\nWorker CPU-ms per job (one save + one processing; the JVM's start included):\n\n");
        perKind(b, (c, r) -> r.cpuSeconds() * 1000 / c.jobs(), "%.3f");
        b.append("\nWorker peak RSS, MB:\n\n");
        perKind(b, (c, r) -> r.rssMb(), "%.0f");
        b.append("\nServer CPU-ms per job during the run with each worker:\n\n");
        perKind(b, (c, r) -> r.serverCpuSeconds() * 1000 / c.jobs(), "%.3f");
        ceiling(b);
        threads(b);
        b.append("\nStart-up: process start to its first job done (the job saved beforehand), ms:\n\n");
        b.append("| worker | median | all runs |\n|---|---|---|\n");
        startups.forEach((k, runs) -> b.append(String.format(Locale.ROOT, "| %s | %.0f | %s |%n", k.title,
                median(runs, Run::firstJobMs), Arrays.toString(runs.stream().mapToLong(r -> Math.round(r.firstJobMs())).toArray()))));
        return b.toString();
    }

    private void rates(StringBuilder b, ToDoubleFunction<Run> f) {
        b.append("| configuration (concurrency, prefetch, payload)");
        for (Kind k : kinds) {
            b.append(" | ").append(k.shortName).append(k == Kind.JS ? "" : " | / JS");
        }
        boolean cdi = kinds.contains(Kind.CDI) && kinds.contains(Kind.JAVA_RECOMMENDED);
        boolean boot = cdi && f == JOB_RATE;
        b.append(cdi ? " | CDI / rec." : "").append(boot ? " | CDI incl. Weld boot | / rec. |\n" : " |\n");
        b.append("|---".repeat(1 + 2 * kinds.size() - (kinds.contains(Kind.JS) ? 1 : 0) + (cdi ? 1 : 0)
                + (boot ? 2 : 0))).append("|\n");
        results.forEach((c, byKind) -> {
            double js = median(byKind.get(Kind.JS), f);
            b.append("| ").append(c.label());
            for (Kind k : kinds) {
                double v = median(byKind.get(k), f);
                b.append(String.format(Locale.ROOT, " | %,.0f", v));
                if (k != Kind.JS) {
                    b.append(String.format(Locale.ROOT, " | %.2f", v / js));
                }
            }
            if (cdi) {
                b.append(String.format(Locale.ROOT, " | %.2f",
                        median(byKind.get(Kind.CDI), f) / median(byKind.get(Kind.JAVA_RECOMMENDED), f)));
            }
            if (boot) {
                double withBoot = median(byKind.get(Kind.CDI), Run::jobRateWithBoot);
                b.append(String.format(Locale.ROOT, " | %,.0f | %.2f", withBoot,
                        withBoot / median(byKind.get(Kind.JAVA_RECOMMENDED), f)));
            }
            b.append(" |\n");
        });
    }

    private void perKind(StringBuilder b, java.util.function.BiFunction<Config, Run, Double> f, String format) {
        b.append("| configuration");
        kinds.forEach(k -> b.append(" | ").append(k.shortName));
        b.append(" |\n").append("|---".repeat(1 + kinds.size())).append("|\n");
        results.forEach((c, byKind) -> {
            b.append("| ").append(c.label());
            for (Kind k : kinds) {
                b.append(" | ").append(String.format(Locale.ROOT, format, median(byKind.get(k), r -> f.apply(c, r))));
            }
            b.append(" |\n");
        });
    }

    /** Where each worker's CPU went, by thread group ({@code /proc/PID/task}), for the first and the last configuration. */
    private void threads(StringBuilder b) {
        List<Config> configs = List.copyOf(results.keySet());
        for (Config c : configs.size() > 1 ? List.of(configs.get(0), configs.get(configs.size() - 1)) : configs) {
            Map<Kind, List<Run>> byKind = results.get(c);
            java.util.Set<String> groups = new java.util.TreeSet<>();
            byKind.values().forEach(runs -> runs.forEach(r -> groups.addAll(r.threadCpu().keySet())));
            b.append(String.format(Locale.ROOT, "%nWhere the worker's CPU went, %s: CPU-ms per job by thread"
                    + " (/proc/PID/task at the end of the run, median):%n%n| thread group", c.label()));
            kinds.forEach(k -> b.append(" | ").append(k.shortName));
            b.append(" |\n").append("|---".repeat(1 + kinds.size())).append("|\n");
            for (String g : groups) {
                b.append("| ").append(g);
                for (Kind k : kinds) {
                    b.append(String.format(Locale.ROOT, " | %.3f",
                            median(byKind.get(k), r -> r.threadCpu().getOrDefault(g, 0.0) * 1000 / c.jobs())));
                }
                b.append(" |\n");
            }
        }
    }

    /**
     * The ceiling the shared cores put on any worker: while processing, server and worker together cannot use more
     * than all cores, so jobs/s &le; cores / (server CPU per job + worker CPU per job). Server CPU per processed job
     * is the median over every worker kind's processing phase.
     */
    private void ceiling(StringBuilder b) {
        int cores = Runtime.getRuntime().availableProcessors();
        b.append(String.format(Locale.ROOT, "%nThe ceiling on %d cores, processing phase only (saves excluded):"
                + " server CPU-ms per processed job (median over all workers' runs), the most jobs/s any worker could"
                + " reach (a worker costing no CPU), the best Java worker's processing CPU-ms per job, and the worker"
                + " CPU-ms per job a 2x-JS result leaves room for (%d cores / (2 x JS jobs/s) - server):%n%n", cores, cores));
        b.append("| configuration | server CPU-ms/job | server CPU-ms/save | ceiling jobs/s (free worker) | JS jobs/s"
                + " | JS worker CPU-ms/job | 2x JS | worker CPU-ms/job budget for 2x JS | best Java kind | its CPU-ms/job"
                + " | its ceiling jobs/s |\n");
        b.append("|---".repeat(11)).append("|\n");
        results.forEach((c, byKind) -> {
            List<Run> all = byKind.values().stream().flatMap(List::stream).collect(Collectors.toList());
            double server = median(all, r -> r.serverProcessCpuSeconds() * 1000 / c.jobs());
            double serverSave = median(all, r -> r.serverSaveCpuSeconds() * 1000 / c.jobs());
            double js = median(byKind.get(Kind.JS), Run::jobRate);
            double jsCpu = median(byKind.get(Kind.JS), r -> r.processCpuSeconds() * 1000 / c.jobs());
            Kind best = null;
            for (Kind k : kinds) {
                if (k != Kind.JS && (best == null
                        || median(byKind.get(k), Run::jobRate) > median(byKind.get(best), Run::jobRate))) {
                    best = k;
                }
            }
            double bestCpu = best == null ? Double.NaN
                    : median(byKind.get(best), r -> r.processCpuSeconds() * 1000 / c.jobs());
            double budget = cores * 1000 / (2 * js) - server;
            b.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %,.0f | %,.0f | %.3f | %,.0f | %.3f | %s | %.3f | %,.0f |%n",
                    c.label(), server, serverSave, cores * 1000 / server, js, jsCpu, 2 * js, budget,
                    best == null ? "-" : best.shortName, bestCpu, cores * 1000 / (server + bestCpu)));
        });
    }

    /** Grouped bars: jobs/s of each worker kind per configuration. */
    void chart(Path png) throws IOException {
        int groups = results.size();
        int bar = 36;
        int group = kinds.size() * (bar + 4) + 40;
        int w = Math.max(1000, 160 + groups * group);
        int h = 520;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double max = 1;
        for (Map<Kind, List<Run>> byKind : results.values()) {
            for (Kind k : kinds) {
                max = Math.max(max, median(byKind.get(k), Run::jobRate));
            }
        }
        double step = niceStep(max / 5);
        max = Math.ceil(max / step) * step;
        int left = 80;
        int top = 60;
        int bottom = h - 120;
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
            int i = 0;
            for (Kind k : kinds) {
                double v = median(e.getValue().get(k), Run::jobRate);
                int bh = (int) Math.round(v / max * plotH);
                int x = gx + i++ * (bar + 4);
                g.setColor(new Color(k.rgb));
                g.fillRect(x, bottom - bh, bar, bh);
                g.setColor(Color.BLACK);
                g.drawString(String.format(Locale.ROOT, "%,.0f", v), x, bottom - bh - 4);
            }
            g.drawString(e.getKey().label(), gx, bottom + 18);
            gx += group;
        }
        g.setStroke(new BasicStroke(1));
        g.drawLine(left, bottom, w - 20, bottom);
        int lx = left;
        int ly = h - 80;
        for (Kind k : kinds) {
            if (lx + 230 > w) {
                lx = left;
                ly += 22;
            }
            g.setColor(new Color(k.rgb));
            g.fillRect(lx, ly, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(k.title, lx + 20, ly + 12);
            lx += 250;
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
