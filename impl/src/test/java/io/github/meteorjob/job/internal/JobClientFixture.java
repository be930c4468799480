package io.github.meteorjob.job.internal;

import io.github.meteorjob.job.JobCollections;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.ddp.ReconnectPolicy;
import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.testing.ScriptedDdpServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real scripted DDP server on 127.0.0.1, a real DDP client connected to it, and a job collection
 * with root {@code test} and a fixed clock. Shared by the job-client tests.
 */
public final class JobClientFixture implements AutoCloseable {

    public static final String ROOT = "test";
    public static final Instant NOW = Instant.ofEpochMilli(1_700_000_000_000L);

    public final ScriptedDdpServer server;
    public final DdpClient client;
    public final JobCollection jc;

    public JobClientFixture() {
        server = ScriptedDdpServer.start();
        client = DdpClient.create(DdpClientOptions.builder(server.url())
                .reconnect(ReconnectPolicy.DEFAULT.withFastWindow(Duration.ofMillis(50), Duration.ofSeconds(60))
                        .withInitialDelay(Duration.ofMillis(50)).withMaxDelay(Duration.ofMillis(200)))
                .build());
        get(client.connect());
        jc = JobCollections.of(client, ROOT, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** JSON with single quotes for readability. */
    public static JsonValue json(String text) {
        return Ejson.parse(text.replace('\'', '"'));
    }

    public static JsonObject obj(String text) {
        return (JsonObject) json(text);
    }

    public static <T> T get(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new AssertionError(e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The method frames received for {@code <root>_<method>}. */
    public List<JsonObject> calls(String method) {
        return server.frames("method").stream().filter(f -> f.getString("method").equals(ROOT + "_" + method)).toList();
    }

    /** The params of the only call of {@code <root>_<method>}, waiting for it. */
    public JsonArray params(String method) {
        server.awaitMethod(ROOT + "_" + method);
        List<JsonObject> calls = calls(method);
        if (calls.size() != 1) {
            throw new AssertionError("expected one " + method + " call, got " + calls);
        }
        return calls.get(0).getJsonArray("params");
    }

    /** Serves {@code getWork} from a new, empty {@link WorkPool}; the test fills it. */
    public WorkPool servesWorkFromPool() {
        WorkPool pool = new WorkPool();
        server.onMethod(ROOT + "_getWork", p -> pool.take(p.getJsonObject(1).getInt("maxJobs", 1)));
        return pool;
    }

    /**
     * Running jobs of type {@code t} for getWork to hand out: each take gives up to {@code max} of the jobs left,
     * each with its own id and run ({@code j1}/{@code r1}, {@code j2}/{@code r2}, ...).
     */
    public static final class WorkPool {
        private final AtomicInteger left = new AtomicInteger();
        private final AtomicInteger made = new AtomicInteger();

        /** How many jobs are left to hand out. */
        public void set(int jobs) {
            left.set(jobs);
        }

        public JsonArray take(int max) {
            JsonArrayBuilder jobs = Json.createArrayBuilder();
            for (int i = 0; i < max && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0; i++) {
                int n = made.incrementAndGet();
                jobs.add(runningDoc("j" + n, "r" + n, "t"));
            }
            return jobs.build();
        }
    }

    /** A job document as getWork would hand it out. */
    public static JsonObject runningDoc(String id, String runId, String type) {
        return obj("{'_id':'" + id + "','runId':'" + runId + "','type':'" + type + "','data':{'n':1},'status':'running',"
                + "'priority':0,'retries':1,'retried':1,'repeatRetries':1,'retryWait':300000,'retryBackoff':'constant',"
                + "'retryUntil':{'$date':8640000000000000},'repeats':0,'repeated':0,'repeatWait':300000,"
                + "'repeatUntil':{'$date':8640000000000000},'after':{'$date':0},'depends':[],'resolved':[],"
                + "'progress':{'completed':0,'total':1,'percent':0},'created':{'$date':1},'updated':{'$date':1}}");
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
