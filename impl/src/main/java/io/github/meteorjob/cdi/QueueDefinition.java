package io.github.meteorjob.cdi;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One queue the CDI integration runs: a (collection, type) pair, its options from the
 * annotation, and what kind of observers receive its jobs. Encodable as a string so the
 * build-compatible extension can hand it to runtime through synthetic-bean parameters.
 *
 * @param collection     the job collection's root name
 * @param type           the job type
 * @param options        the options declared by the annotation (configuration applies at start)
 * @param batch          observers take a {@code JobBatch} rather than a {@code Job}
 * @param syncObservers  at least one {@code @Observes} observer
 * @param asyncObservers at least one {@code @ObservesAsync} observer
 * @param observers      the observer methods, for messages
 */
public record QueueDefinition(String collection, String type, QueueOptionsValues options, boolean batch,
                              boolean syncObservers, boolean asyncObservers, List<String> observers) {

    public QueueDefinition {
        observers = List.copyOf(observers);
    }

    /** {@code meteor-job.queue."<collection>"."<type>".} */
    public static String configPrefix(String collection, String type) {
        return "meteor-job.queue.\"" + collection + "\".\"" + type + "\".";
    }

    /** {@code jobPile/sendEmail}. */
    public String name() {
        return collection + "/" + type;
    }

    /**
     * The options this queue runs with: annotation values overridden by configuration.
     *
     * @throws IllegalArgumentException naming the key and the problem when the result is invalid
     */
    public QueueOptionsValues effectiveOptions(ConfigReader config) {
        QueueOptionsValues effective = options.withOverrides(config, collection, type);
        List<String> problems = new ArrayList<>(effective.problems());
        if (batch && effective.payload() == 1) {
            problems.add("payload is 1 but the observers " + observers + " take a JobBatch; use payload > 1 or observe Job");
        }
        if (!batch && effective.payload() > 1) {
            problems.add("payload is " + effective.payload() + " but the observers " + observers
                    + " take a single Job; observe io.github.meteorjob.JobBatch for payload > 1");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("queue " + name() + " (configuration prefix " + configPrefix(collection, type)
                    + "): " + String.join("; ", problems));
        }
        return effective;
    }

    /** A single-line form for synthetic bean parameters. */
    public String encode() {
        List<String> parts = List.of(collection, type,
                Integer.toString(options.concurrency()), Integer.toString(options.payload()),
                Integer.toString(options.prefetch()), Long.toString(options.pollInterval()),
                Long.toString(options.workTimeout()), Boolean.toString(options.autoExtend()), Boolean.toString(options.enabled()),
                Boolean.toString(batch), Boolean.toString(syncObservers), Boolean.toString(asyncObservers),
                String.join("\n", observers));
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(p, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    /** Reverses {@link #encode()}. */
    public static QueueDefinition decode(String s) {
        String[] raw = s.split("&", -1);
        if (raw.length != 13) {
            throw new IllegalArgumentException("not an encoded QueueDefinition: " + s);
        }
        String[] p = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            p[i] = URLDecoder.decode(raw[i], StandardCharsets.UTF_8);
        }
        return new QueueDefinition(p[0], p[1],
                new QueueOptionsValues(Integer.parseInt(p[2]), Integer.parseInt(p[3]), Integer.parseInt(p[4]),
                        Long.parseLong(p[5]), Long.parseLong(p[6]), Boolean.parseBoolean(p[7]), Boolean.parseBoolean(p[8])),
                Boolean.parseBoolean(p[9]), Boolean.parseBoolean(p[10]), Boolean.parseBoolean(p[11]),
                p[12].isEmpty() ? List.of() : List.of(p[12].split("\n")));
    }
}
