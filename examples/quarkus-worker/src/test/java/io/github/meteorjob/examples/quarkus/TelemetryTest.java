package io.github.meteorjob.examples.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import io.github.meteorjob.Collection;
import io.github.meteorjob.JobCollection;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 on a real runtime: with quarkus-opentelemetry, a job saved inside the creator's span is run by the
 * {@code @ProcessJobs} worker in a span of the same trace whose parent is the creator's span, and the worker's
 * counters and duration histogram, recorded through Quarkus's {@code OpenTelemetry} (its CDI bean, which Quarkus also
 * sets as {@code GlobalOpenTelemetry}), show the runs.
 */
@QuarkusTest
@QuarkusTestResource(JobServerResource.class)
class TelemetryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AttributeKey<String> JOB_ID = AttributeKey.stringKey("meteor_job.job.id");
    private static final Attributes SERIES = Attributes.of(AttributeKey.stringKey("collection"), "quarkusJobs",
            AttributeKey.stringKey("type"), TracedWorker.TYPE);

    @Inject
    @Collection("quarkusJobs")
    JobCollection jobs;

    @Inject
    OpenTelemetry openTelemetry;

    @Inject
    InMemorySpanExporter spans;

    @Inject
    InMemoryMetricExporter metrics;

    @Test
    void workerSpanIsTheChildOfTheCreatorsSpanAndTheCountersShowTheRuns() {
        Span creator = openTelemetry.getTracer("telemetry-test").spanBuilder("create jobs").startSpan();
        String okId;
        String failId;
        try (Scope ignored = creator.makeCurrent()) {
            okId = jobs.createJob(TracedWorker.TYPE, Map.of("fail", false)).saveAndWait();
            failId = jobs.createJob(TracedWorker.TYPE, Map.of("fail", true)).saveAndWait();
        } finally {
            creator.end();
        }

        SpanData ok = await().atMost(WAIT).until(() -> runSpan(okId), Optional::isPresent).orElseThrow();
        assertThat(ok.getName()).isEqualTo("process " + TracedWorker.TYPE);
        assertThat(ok.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(ok.getTraceId()).isEqualTo(creator.getSpanContext().getTraceId());
        assertThat(ok.getParentSpanId()).isEqualTo(creator.getSpanContext().getSpanId());
        assertThat(ok.getStatus().getStatusCode()).isEqualTo(StatusCode.OK);

        SpanData failed = await().atMost(WAIT).until(() -> runSpan(failId), Optional::isPresent).orElseThrow();
        assertThat(failed.getTraceId()).isEqualTo(creator.getSpanContext().getTraceId());
        assertThat(failed.getParentSpanId()).isEqualTo(creator.getSpanContext().getSpanId());
        assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(failed.getStatus().getDescription()).contains("asked to fail");

        // the span the worker starts itself is a child of the run span, which is current while the observer runs
        await().atMost(WAIT).untilAsserted(() -> assertThat(spans.getFinishedSpanItems())
                .anySatisfy(s -> {
                    assertThat(s.getName()).isEqualTo("render");
                    assertThat(s.getParentSpanId()).isEqualTo(ok.getSpanId());
                    assertThat(s.getTraceId()).isEqualTo(ok.getTraceId());
                }));

        // cumulative sums of this test's own job type: 2 fetched, 1 completed, 1 failed (not fatal), 2 durations
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(counter("meteor_job.jobs.fetched", SERIES::equals)).isEqualTo(2);
            assertThat(counter("meteor_job.jobs.completed", SERIES::equals)).isEqualTo(1);
            assertThat(counter("meteor_job.jobs.failed", a -> a.toBuilder().remove(AttributeKey.booleanKey("fatal"))
                    .build().equals(SERIES))).isEqualTo(1);
            assertThat(histogramCount("meteor_job.job.duration", "completed")).isEqualTo(1);
            assertThat(histogramCount("meteor_job.job.duration", "failed")).isEqualTo(1);
        });
    }

    private Optional<SpanData> runSpan(String jobId) {
        return spans.getFinishedSpanItems().stream().filter(s -> jobId.equals(s.getAttributes().get(JOB_ID))).findFirst();
    }

    /** The newest export of the metric: the exporter keeps every periodic export, oldest first. */
    private Optional<MetricData> latest(String name) {
        List<MetricData> all = metrics.getFinishedMetricItems();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).getName().equals(name)) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    private long counter(String name, Predicate<Attributes> series) {
        return latest(name).map(m -> m.getLongSumData().getPoints().stream()
                .filter(p -> series.test(p.getAttributes())).mapToLong(LongPointData::getValue).sum()).orElse(0L);
    }

    private long histogramCount(String name, String outcome) {
        Attributes attributes = SERIES.toBuilder().put("outcome", outcome).build();
        return latest(name).map(m -> m.getHistogramData().getPoints().stream()
                .filter(p -> p.getAttributes().equals(attributes)).mapToLong(HistogramPointData::getCount).sum())
                .orElse(0L);
    }
}
