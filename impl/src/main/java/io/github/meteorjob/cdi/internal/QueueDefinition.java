package io.github.meteorjob.cdi.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * One queue the CDI integration runs: a (collection, type) pair, its options from the
 * annotation, and what kind of observers receive its jobs. The build-compatible extension hands
 * it to run time as named synthetic-bean parameters ({@link QueueDefinitions#toParameters()}).
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
            throw new IllegalArgumentException("queue " + name() + " (configuration prefix " + ConfigKeys.queuePrefix(collection, type)
                    + "): " + String.join("; ", problems));
        }
        return effective;
    }
}
