package io.github.meteorjob.it.cdi;

import io.github.meteorjob.Job;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobContext;
import io.github.meteorjob.ProcessJobs;
import io.github.meteorjob.RetryOptions;
import io.github.meteorjob.server.EmbeddedJobServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker's metrics (OpenTelemetry and Micrometer), its spans and their link to the creator's trace, and the
 * {@link JobContext} a worker sees, on a real run: Weld SE against the embedded server, the application's
 * {@code OpenTelemetry} and {@code MeterRegistry} as CDI beans, read back in memory.
 */
class ObservabilityCdiTest {

    static final String ROOT = "obsPile";
    static final AttributeKey<String> COLLECTION = AttributeKey.stringKey("collection");
    static final AttributeKey<String> TYPE = AttributeKey.stringKey("type");

    static InMemoryMetricReader metrics;
    static InMemorySpanExporter spans;
    static OpenTelemetrySdk sdk;
    static SimpleMeterRegistry registry;

    static final List<JobContext> contexts = new CopyOnWriteArrayList<>();
    static final List<String> spanIdsSeenByWorker = new CopyOnWriteArrayList<>();
    static final List<String> seenByAsyncObserver = new CopyOnWriteArrayList<>();
    static final List<String> mdcSeenByWorker = new CopyOnWriteArrayList<>();
    static volatile CountDownLatch lostStarted;
    static volatile CountDownLatch releaseLost;

    private EmbeddedJobServer server;

    @BeforeEach
    void start() {
        metrics = InMemoryMetricReader.create();
        spans = InMemorySpanExporter.create();
        sdk = OpenTelemetrySdk.builder()
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .build();
        registry = new SimpleMeterRegistry();
        contexts.clear();
        spanIdsSeenByWorker.clear();
        seenByAsyncObserver.clear();
        mdcSeenByWorker.clear();
        lostStarted = new CountDownLatch(1);
        releaseLost = new CountDownLatch(1);
        server = EmbeddedJobServer.builder().collection(ROOT).promoteInterval(Duration.ofMillis(100)).start();
    }

    @AfterEach
    void stop() {
        releaseLost.countDown();
        server.close();
        sdk.close();
    }

    /** The application's telemetry, as MicroProfile Telemetry (and a Micrometer setup) would provide it. */
    @ApplicationScoped
    static class Telemetry {
        @Produces
        OpenTelemetry openTelemetry() {
            return sdk;
        }

        @Produces
        MeterRegistry meterRegistry() {
            return registry;
        }
    }

    @ApplicationScoped
    static class Workers {
        void ok(@Observes @ProcessJobs(collection = ROOT, type = "ok", pollInterval = 100) Job job) {
            contexts.add(JobContext.current().orElseThrow());
            spanIdsSeenByWorker.add(Span.current().getSpanContext().getSpanId());
            mdcSeenByWorker.add(org.slf4j.MDC.get("meteor_job.collection") + " " + org.slf4j.MDC.get("meteor_job.type")
                    + " " + org.slf4j.MDC.get("meteor_job.job_id") + " " + org.slf4j.MDC.get("meteor_job.run_id"));
            job.log("halfway there").toCompletableFuture().join();
            job.progress(1, 2).toCompletableFuture().join();
        }

        void asyncOk(@ObservesAsync @ProcessJobs(collection = ROOT, type = "asyncOk", pollInterval = 100) Job job) {
            seenByAsyncObserver.add(JobContext.current().map(JobContext::jobId).orElse("no context") + " "
                    + Span.current().getSpanContext().getSpanId());
        }

        void bad(@Observes @ProcessJobs(collection = ROOT, type = "bad", pollInterval = 100) Job job) {
            throw new IllegalStateException("no good: " + job.id());
        }

        void flaky(@Observes @ProcessJobs(collection = ROOT, type = "flaky", pollInterval = 100) Job job) {
            if (job.retried() == 1) {
                throw new IllegalStateException("first run fails");
            }
        }

        void lost(@Observes @ProcessJobs(collection = ROOT, type = "lost", pollInterval = 100) Job job) throws InterruptedException {
            lostStarted.countDown();
            if (!releaseLost.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        }
    }

    private static JobCollection collection(SeContainer c) {
        return c.select(JobCollection.class, io.github.meteorjob.Collection.Literal.of(ROOT)).get();
    }

    private static long counter(String name, String type, Map.Entry<String, Object> extra) {
        return metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(name))
                .flatMap(m -> m.getLongSumData().getPoints().stream())
                .filter(p -> type.equals(p.getAttributes().get(TYPE)) && ROOT.equals(p.getAttributes().get(COLLECTION)))
                .filter(p -> extra == null || String.valueOf(extra.getValue()).equals(
                        String.valueOf(p.getAttributes().asMap().entrySet().stream()
                                .filter(e -> e.getKey().getKey().equals(extra.getKey())).map(Map.Entry::getValue)
                                .findFirst().orElse(null))))
                .mapToLong(LongPointData::getValue).sum();
    }

    private static long counter(String name, String type) {
        return counter(name, type, null);
    }

    private static MetricData metric(String name) {
        return metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name));
    }

    private static double micrometer(String name, String type) {
        return registry.find(name).tag("collection", ROOT).tag("type", type).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    @Test
    void countsEveryOutcomeOfARealRunInOpenTelemetryAndMicrometer() {
        try (Containers.Config config = Containers.config().set("meteor-job.url", server.url());
             SeContainer c = config.start(Telemetry.class, Workers.class)) {
            JobCollection jc = collection(c);
            jc.createJob("ok", Json.createObjectBuilder().add("n", 1).build()).saveAndWait();
            jc.createJob("ok", Json.createObjectBuilder().add("n", 2).build()).saveAndWait();
            jc.createJob("bad", Json.createObjectBuilder().build()).retry(0).saveAndWait();
            jc.createJob("flaky", Json.createObjectBuilder().build())
                    .retry(RetryOptions.retries(1).withWait(Duration.ZERO)).saveAndWait();
            String lost = jc.createJob("lost", Json.createObjectBuilder().build()).saveAndWait();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(counter("meteor_job.jobs.completed", "ok")).isEqualTo(2);
                assertThat(counter("meteor_job.jobs.failed", "bad", Map.entry("fatal", false))).isEqualTo(1);
                assertThat(counter("meteor_job.jobs.failed", "flaky")).isEqualTo(1);
                assertThat(counter("meteor_job.jobs.completed", "flaky")).isEqualTo(1);
            });
            assertThat(counter("meteor_job.jobs.fetched", "ok")).isEqualTo(2);
            assertThat(counter("meteor_job.jobs.fetched", "flaky")).isEqualTo(2);
            assertThat(counter("meteor_job.jobs.retried", "flaky")).isEqualTo(1);
            assertThat(counter("meteor_job.jobs.retried", "ok")).isZero();

            // a run the server took away while its worker ran: done is refused, counted as a lost lease
            await().atMost(Duration.ofSeconds(20)).until(() -> lostStarted.getCount() == 0);
            assertThat(jc.getJob(lost).toCompletableFuture().join().orElseThrow().cancel().toCompletableFuture().join()).isTrue();
            releaseLost.countDown();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(counter("meteor_job.jobs.lease_lost", "lost", Map.entry("operation", "done"))).isEqualTo(1));
            assertThat(counter("meteor_job.jobs.completed", "lost")).isZero();

            // durations and sizes: one job duration per accepted outcome, getWork measured with its batch sizes
            assertThat(metric("meteor_job.job.duration").getHistogramData().getPoints())
                    .filteredOn(p -> "ok".equals(p.getAttributes().get(TYPE)))
                    .singleElement().satisfies(p -> {
                        assertThat(p.getCount()).isEqualTo(2);
                        assertThat(p.getSum()).isPositive();
                    });
            assertThat(metric("meteor_job.get_work.duration").getHistogramData().getPoints())
                    .anySatisfy(p -> assertThat(p.getCount()).isPositive());
            assertThat(metric("meteor_job.get_work.batch_size").getHistogramData().getPoints())
                    .filteredOn(p -> "ok".equals(p.getAttributes().get(TYPE)))
                    .singleElement().satisfies(p -> assertThat(p.getSum()).isEqualTo(2));
            assertThat(metric("meteor_job.ddp.call.duration").getHistogramData().getPoints())
                    .extracting(p -> p.getAttributes().get(AttributeKey.stringKey("method")))
                    .contains("getWork", "jobDone", "jobFail");
            // gauges of every queue: nothing waiting, nothing running, one idle worker (concurrency 1)
            assertThat(metric("meteor_job.queue.idle_workers").getLongGaugeData().getPoints())
                    .filteredOn(p -> "ok".equals(p.getAttributes().get(TYPE)))
                    .singleElement().satisfies(p -> assertThat(p.getValue()).isEqualTo(1));
            assertThat(metric("meteor_job.queue.length").getLongGaugeData().getPoints()).hasSize(5);
            assertThat(metric("meteor_job.queue.running").getLongGaugeData().getPoints()).hasSize(5);
            assertThat(metric("meteor_job.ddp.reconnects").getLongSumData().getPoints()).allSatisfy(p ->
                    assertThat(p.getValue()).isZero());
            assertThat(metric("meteor_job.circuit.open").getLongGaugeData().getPoints()).singleElement()
                    .satisfies(p -> assertThat(p.getValue()).isZero());

            // the same counts in Micrometer
            assertThat(micrometer("meteor_job.jobs.completed", "ok")).isEqualTo(2);
            assertThat(micrometer("meteor_job.jobs.failed", "bad")).isEqualTo(1);
            assertThat(micrometer("meteor_job.jobs.retried", "flaky")).isEqualTo(1);
            assertThat(micrometer("meteor_job.jobs.lease_lost", "lost")).isEqualTo(1);
            assertThat(registry.find("meteor_job.job.duration").tag("type", "ok").timer().count()).isEqualTo(2);
        }
    }

    @Test
    void theWorkersSpanIsAChildOfTheCreatorsSpanWithTheJobsLogAndProgress() {
        try (Containers.Config config = Containers.config().set("meteor-job.url", server.url());
             SeContainer c = config.start(Telemetry.class, Workers.class)) {
            JobCollection jc = collection(c);
            Span creator = sdk.getTracer("test").spanBuilder("create order").startSpan();
            String id;
            try (Scope s = creator.makeCurrent()) {
                id = jc.createJob("ok", Json.createObjectBuilder().add("n", 1).build()).saveAndWait();
            } finally {
                creator.end();
            }
            String badId = jc.createJob("bad", Json.createObjectBuilder().build()).retry(0).saveAndWait();
            String asyncId = jc.createJob("asyncOk", Json.createObjectBuilder().build()).saveAndWait();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(spans.getFinishedSpanItems())
                    .extracting(SpanData::getName).contains("process ok", "process bad", "process asyncOk"));
            SpanData worker = spans.getFinishedSpanItems().stream().filter(sp -> sp.getName().equals("process ok"))
                    .findFirst().orElseThrow();
            assertThat(worker.getTraceId()).isEqualTo(creator.getSpanContext().getTraceId());
            assertThat(worker.getParentSpanId()).isEqualTo(creator.getSpanContext().getSpanId());
            assertThat(worker.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(worker.getStatus().getStatusCode()).isEqualTo(StatusCode.OK);
            assertThat(worker.getAttributes().get(COLLECTION)).isEqualTo(ROOT);
            assertThat(worker.getAttributes().get(TYPE)).isEqualTo("ok");
            assertThat(worker.getAttributes().get(AttributeKey.stringKey("meteor_job.job.id"))).isEqualTo(id);
            assertThat(worker.getAttributes().get(AttributeKey.stringKey("meteor_job.run.id"))).isNotBlank();
            assertThat(worker.getAttributes().get(AttributeKey.longKey("meteor_job.job.retried"))).isEqualTo(1L);
            assertThat(worker.getEvents()).extracting(EventData::getName).containsSubsequence("log", "progress");
            assertThat(worker.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("message")))
                    .isEqualTo("halfway there");
            // the worker ran with its span current and its job context set
            assertThat(spanIdsSeenByWorker).containsExactly(worker.getSpanId());
            assertThat(contexts).singleElement().satisfies(ctx -> {
                assertThat(ctx.collection()).isEqualTo(ROOT);
                assertThat(ctx.type()).isEqualTo("ok");
                assertThat(ctx.jobId()).isEqualTo(id);
                assertThat(ctx.runId()).isEqualTo(worker.getAttributes().get(AttributeKey.stringKey("meteor_job.run.id")));
            });
            assertThat(JobContext.current()).isEmpty();
            // and, SLF4J being present, the same in its MDC
            assertThat(mdcSeenByWorker).containsExactly(ROOT + " ok " + id + " "
                    + worker.getAttributes().get(AttributeKey.stringKey("meteor_job.run.id")));
            // an asynchronous observer gets both too
            SpanData async = spans.getFinishedSpanItems().stream().filter(sp -> sp.getName().equals("process asyncOk"))
                    .findFirst().orElseThrow();
            assertThat(seenByAsyncObserver).containsExactly(asyncId + " " + async.getSpanId());

            // a job created outside any span starts a new trace; its failure is the span's status
            SpanData failed = spans.getFinishedSpanItems().stream().filter(sp -> sp.getName().equals("process bad"))
                    .findFirst().orElseThrow();
            assertThat(failed.getParentSpanContext().isValid()).isFalse();
            assertThat(failed.getAttributes().get(AttributeKey.stringKey("meteor_job.job.id"))).isEqualTo(badId);
            assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(failed.getStatus().getDescription()).contains("IllegalStateException", "no good");

            // the context travels in data under the reserved key, where the JS client and the server leave it be
            assertThat(server.collection(ROOT).job(id).orElseThrow().getJsonObject("data")
                    .getJsonObject("_traceContext").getString("traceparent"))
                    .contains(creator.getSpanContext().getTraceId(), creator.getSpanContext().getSpanId());
        }
    }
}
