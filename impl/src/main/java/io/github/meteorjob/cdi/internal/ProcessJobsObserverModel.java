package io.github.meteorjob.cdi.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the CDI extensions discovered: {@code @ProcessJobs} observers and the collection names
 * used by {@code @Collection} injection points. Shared by the portable and the build-compatible
 * extension; it validates the observers and groups them into one {@link QueueDefinition} per
 * (collection, type).
 */
public final class ProcessJobsObserverModel {

    /** The event type for payload 1. */
    public static final String JOB_TYPE = "io.github.meteorjob.Job";
    /** The event type for payload &gt; 1. */
    public static final String BATCH_TYPE = "io.github.meteorjob.JobBatch";

    private final List<ObserverDeclaration> observers = new ArrayList<>();
    private final Set<String> collectionNames = new TreeSet<>();

    public synchronized void addObserver(ObserverDeclaration observer) {
        observers.add(observer);
    }

    /** A root named by an {@code @Collection} injection point. */
    public synchronized void addCollectionName(String root) {
        collectionNames.add(root);
    }

    public synchronized List<ObserverDeclaration> observers() {
        return List.copyOf(observers);
    }

    /** Every root needing a {@code @Collection JobCollection} bean: injection points and observers. */
    public synchronized Set<String> collectionNames() {
        Set<String> all = new TreeSet<>(collectionNames);
        for (ObserverDeclaration o : observers) {
            if (o.collection() != null && !o.collection().isBlank()) {
                all.add(o.collection());
            }
        }
        return all;
    }

    /** Deployment problems, each a sentence naming the method; empty when everything is valid. */
    public synchronized List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (ObserverDeclaration o : observers) {
            List<String> own = new ArrayList<>();
            if (o.collection() == null || o.collection().isBlank()) {
                own.add("collection must not be blank");
            }
            if (o.type() == null || o.type().isBlank()) {
                own.add("type must not be blank");
            }
            own.addAll(o.options().problems());
            String expected = o.options().payload() > 1 ? BATCH_TYPE : JOB_TYPE;
            if (!expected.equals(o.observedTypeName()) && o.options().payload() >= 1) {
                own.add("observes " + o.observedTypeName() + " but must observe " + expected
                        + (o.options().payload() > 1 ? " because payload is " + o.options().payload()
                        : " (use payload > 1 to receive a JobBatch)"));
            }
            for (String p : own) {
                problems.add("@ProcessJobs observer " + o.method() + ": " + p);
            }
        }
        Map<String, List<ObserverDeclaration>> byQueue = group();
        for (List<ObserverDeclaration> same : byQueue.values()) {
            ObserverDeclaration first = same.get(0);
            for (ObserverDeclaration other : same.subList(1, same.size())) {
                if (!other.options().equals(first.options())) {
                    problems.add("@ProcessJobs observers " + first.method() + " and " + other.method()
                            + " process the same queue " + first.collection() + "/" + first.type()
                            + " with conflicting options " + first.options() + " vs " + other.options()
                            + "; declare the same options on both (or set them in configuration)");
                }
            }
        }
        return problems;
    }

    /** One definition per (collection, type); call after {@link #problems()} came back empty. */
    public synchronized List<QueueDefinition> queues() {
        List<QueueDefinition> result = new ArrayList<>();
        for (List<ObserverDeclaration> same : group().values()) {
            ObserverDeclaration first = same.get(0);
            boolean sync = same.stream().anyMatch(o -> !o.async());
            boolean async = same.stream().anyMatch(ObserverDeclaration::async);
            result.add(new QueueDefinition(first.collection(), first.type(), first.options(),
                    BATCH_TYPE.equals(first.observedTypeName()), sync, async,
                    same.stream().map(ObserverDeclaration::method).toList()));
        }
        return result;
    }

    private Map<String, List<ObserverDeclaration>> group() {
        Map<String, List<ObserverDeclaration>> byQueue = new LinkedHashMap<>();
        for (ObserverDeclaration o : observers) {
            byQueue.computeIfAbsent(o.collection() + "\u0000" + o.type(), k -> new ArrayList<>()).add(o);
        }
        return byQueue;
    }
}
