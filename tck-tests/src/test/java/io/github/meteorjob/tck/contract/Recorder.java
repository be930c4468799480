package io.github.meteorjob.tck.contract;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

/** What the workers of a deployment saw: calls per job id, threads, and the highest number of parallel calls. */
@ApplicationScoped
public class Recorder {

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();

    public void called(String jobId) {
        calls.computeIfAbsent(jobId, k -> new AtomicInteger()).incrementAndGet();
        threads.add(Thread.currentThread().getName());
    }

    public int calls(String jobId) {
        AtomicInteger n = calls.get(jobId);
        return n == null ? 0 : n.get();
    }

    public List<String> threads() {
        return List.copyOf(threads);
    }

    public void batch(int size) {
        batchSizes.add(size);
    }

    public List<Integer> batchSizes() {
        return List.copyOf(batchSizes);
    }

    /** Marks the start of a worker call; returns how many run now. */
    public int enter() {
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        return now;
    }

    public void exit() {
        running.decrementAndGet();
    }

    public int running() {
        return running.get();
    }

    public int maxRunning() {
        return maxRunning.get();
    }
}
