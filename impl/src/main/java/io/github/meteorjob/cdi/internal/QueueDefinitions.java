package io.github.meteorjob.cdi.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The queues the CDI extension found, handed to {@link MeteorJobRuntime} as a synthetic bean.
 *
 * <p>The build-compatible extension can only pass plain values from build time to run time, so
 * {@link #toParameters()} spreads the definitions over named, typed arrays (one entry per queue, e.g.
 * {@code concurrency = int[]}) and {@link #fromParameters} reads them back by the same names.
 *
 * @param queues one definition per (collection, type)
 */
public record QueueDefinitions(List<QueueDefinition> queues) {

    static final String COLLECTION = "collection";
    static final String TYPE = "type";
    static final String BATCH = "batch";
    static final String SYNC = "syncObservers";
    static final String ASYNC = "asyncObservers";
    /** All queues' observer methods, one after the other; {@link #OBSERVER_COUNT} says how many belong to each. */
    static final String OBSERVERS = "observers";
    static final String OBSERVER_COUNT = "observerCount";

    public QueueDefinitions {
        queues = List.copyOf(queues);
    }

    /**
     * Named parameters for a synthetic bean: {@code String[]}, {@code int[]}, {@code long[]} or {@code boolean[]}
     * values, each with one entry per queue (the observers flattened, with a count per queue).
     */
    public Map<String, Object> toParameters() {
        int n = queues.size();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(COLLECTION, queues.stream().map(QueueDefinition::collection).toArray(String[]::new));
        p.put(TYPE, queues.stream().map(QueueDefinition::type).toArray(String[]::new));
        for (QueueOption o : QueueOption.values()) {
            p.put(o.member(), switch (o.kind()) {
                case INT -> queues.stream().mapToInt(q -> (Integer) q.options().get(o)).toArray();
                case LONG -> queues.stream().mapToLong(q -> (Long) q.options().get(o)).toArray();
                case BOOLEAN -> booleans(n, i -> (Boolean) queues.get(i).options().get(o));
            });
        }
        p.put(BATCH, booleans(n, i -> queues.get(i).batch()));
        p.put(SYNC, booleans(n, i -> queues.get(i).syncObservers()));
        p.put(ASYNC, booleans(n, i -> queues.get(i).asyncObservers()));
        p.put(OBSERVERS, queues.stream().flatMap(q -> q.observers().stream()).toArray(String[]::new));
        p.put(OBSERVER_COUNT, queues.stream().mapToInt(q -> q.observers().size()).toArray());
        return p;
    }

    /** Reads what {@link #toParameters()} wrote; {@code get} looks a parameter up by name and type. */
    public static QueueDefinitions fromParameters(BiFunction<String, Class<?>, Object> get) {
        String[] collections = (String[]) get.apply(COLLECTION, String[].class);
        if (collections == null) {
            return new QueueDefinitions(List.of());
        }
        String[] types = (String[]) get.apply(TYPE, String[].class);
        boolean[] batch = (boolean[]) get.apply(BATCH, boolean[].class);
        boolean[] sync = (boolean[]) get.apply(SYNC, boolean[].class);
        boolean[] async = (boolean[]) get.apply(ASYNC, boolean[].class);
        String[] observers = (String[]) get.apply(OBSERVERS, String[].class);
        int[] observerCount = (int[]) get.apply(OBSERVER_COUNT, int[].class);
        Map<QueueOption, Object> options = new EnumMap<>(QueueOption.class);
        for (QueueOption o : QueueOption.values()) {
            options.put(o, get.apply(o.member(), switch (o.kind()) {
                case INT -> int[].class;
                case LONG -> long[].class;
                case BOOLEAN -> boolean[].class;
            }));
        }
        List<QueueDefinition> result = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < collections.length; i++) {
            int q = i;
            QueueOptionsValues values = QueueOptionsValues.of(o -> switch (o.kind()) {
                case INT -> ((int[]) options.get(o))[q];
                case LONG -> ((long[]) options.get(o))[q];
                case BOOLEAN -> ((boolean[]) options.get(o))[q];
            });
            List<String> own = List.of(observers).subList(next, next + observerCount[i]);
            next += observerCount[i];
            result.add(new QueueDefinition(collections[i], types[i], values, batch[i], sync[i], async[i], own));
        }
        return new QueueDefinitions(result);
    }

    private static boolean[] booleans(int n, java.util.function.IntPredicate value) {
        boolean[] b = new boolean[n];
        for (int i = 0; i < n; i++) {
            b[i] = value.test(i);
        }
        return b;
    }
}
