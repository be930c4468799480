package io.github.meteorjob.server.metrics;

import java.math.BigDecimal;
import java.util.List;

/**
 * The Prometheus text exposition format (version 0.0.4), the one place that knows it: an OpenTelemetry-style
 * name becomes a Prometheus one by turning {@code .} into {@code _} and appending the unit
 * ({@code meteor_job.server.store.write.duration} in seconds → {@code meteor_job_server_store_write_duration_seconds}),
 * counters get {@code _total}; label values and help texts are escaped.
 */
final class PrometheusText {

    /** The {@code Content-Type} of a scrape answer. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(4096);

    /** The Prometheus name of a metric, without a counter's or histogram's suffix. */
    static String name(Metric m) {
        String base = m.name().replace('.', '_');
        String unit = m.descriptor().unit();
        return unit.isEmpty() || base.endsWith("_" + unit) ? base : base + "_" + unit;
    }

    void header(Metric m, String type) {
        String name = name(m);
        out.append("# HELP ").append(name).append(type.equals("counter") ? "_total" : "").append(' ');
        escape(m.descriptor().help(), false);
        out.append('\n');
        out.append("# TYPE ").append(name).append(type.equals("counter") ? "_total" : "").append(' ').append(type).append('\n');
    }

    /** One sample line; {@code extraName}/{@code extraValue} add a label after the metric's own ({@code le}). */
    void sample(Metric m, String suffix, List<String> values, String extraName, String extraValue, double value) {
        out.append(name(m)).append(suffix);
        List<String> names = m.descriptor().labelNames();
        boolean any = false;
        for (int i = 0; i < names.size(); i++) {
            out.append(any ? ',' : '{').append(names.get(i)).append("=\"");
            escape(values.get(i) == null ? "" : values.get(i), true);
            out.append('"');
            any = true;
        }
        if (extraName != null) {
            out.append(any ? ',' : '{').append(extraName).append("=\"").append(extraValue).append('"');
            any = true;
        }
        if (any) {
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
    }

    /** A sample value or bound: integers without a fraction, others in plain decimal notation. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private void escape(String s, boolean quote) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(quote ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }

    void append(PrometheusText other) {
        out.append(other.out);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
