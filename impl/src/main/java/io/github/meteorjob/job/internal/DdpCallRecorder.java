package io.github.meteorjob.job.internal;

import io.github.meteorjob.ddp.ConnectionListener;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.observability.MetricsProvider;

import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records {@code meteor_job.ddp.call.duration} for every method call on a connection, whoever made it: the queues'
 * getWork, done and fail, the manager and creator calls, the application's own calls (docs/observability.md).
 *
 * <p>One recorder per {@link DdpClient}, so that each call is counted once however many queues and collections
 * share the connection. It records into the metrics of the first queue started on the connection (the CDI
 * integration gives all its queues the application's); until then it records nothing. A call named
 * {@code <root>_<method>} for a collection root made on this connection is recorded as {@code method} with that
 * {@code collection}; any other call under its full name with an empty {@code collection}.
 */
final class DdpCallRecorder implements ConnectionListener {

    /** Weak keys: a recorder lives as long as its connection; it holds no reference back to it. */
    private static final Map<DdpClient, DdpCallRecorder> BY_CLIENT = new WeakHashMap<>();

    private final Set<String> roots = ConcurrentHashMap.newKeySet();
    private volatile MetricsProvider metrics;

    private DdpCallRecorder() {
    }

    /** The recorder of {@code client}, registered as its listener on first use. */
    static DdpCallRecorder of(DdpClient client) {
        DdpCallRecorder r;
        synchronized (BY_CLIENT) {
            r = BY_CLIENT.get(client);
            if (r != null) {
                return r;
            }
            r = new DdpCallRecorder();
            BY_CLIENT.put(client, r);
        }
        // for the connection's lifetime: the recorder is dropped with it
        client.addConnectionListener(r);
        return r;
    }

    /** Calls named {@code <root>_<method>} are this collection's. */
    DdpCallRecorder collection(String root) {
        roots.add(root);
        return this;
    }

    /** Records into {@code provider} from now on, unless a queue's metrics were given first. */
    void recordTo(MetricsProvider provider) {
        if (provider == null || provider.recordsNothing()) {
            return;
        }
        synchronized (this) {
            if (metrics == null) {
                metrics = provider;
            }
        }
    }

    @Override
    public void callCompleted(String method, long nanos, Throwable failure) {
        MetricsProvider m = metrics;
        if (m == null) {
            return;
        }
        int cut = method.lastIndexOf('_');
        if (cut > 0 && roots.contains(method.substring(0, cut))) {
            m.ddpCall(method.substring(0, cut), method.substring(cut + 1), nanos, failure != null);
        } else {
            m.ddpCall("", method, nanos, failure != null);
        }
    }
}
