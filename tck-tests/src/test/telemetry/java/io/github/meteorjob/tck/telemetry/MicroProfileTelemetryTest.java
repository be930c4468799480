package io.github.meteorjob.tck.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.meteorjob.Collection;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.tck.support.Deployments;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.autoconfigure.spi.metrics.ConfigurableMetricExporterProvider;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13 on Open Liberty with MicroProfile Telemetry 2.0 ({@code mpTelemetry-2.0}, the SDK enabled for this
 * application with {@code otel.sdk.disabled=false}): a job saved inside the creator's span is run by the
 * {@code @ProcessJobs} worker in a span of the same trace whose parent is the creator's span, and the worker's
 * counters and duration histogram show the runs, recorded through the application's {@code OpenTelemetry} CDI bean.
 * Liberty can produce that bean only on the application's threads; the library resolved it lazily on the WebSocket
 * client's thread, got a NullPointerException and ran unobserved, which this test caught. Runs only in the
 * {@code liberty} profile, whose server has the feature and lets applications see the OpenTelemetry API
 * (third-party API visibility).
 */
@ExtendWith(ArquillianExtension.class)
class MicroProfileTelemetryTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AttributeKey<String> JOB_ID = AttributeKey.stringKey("meteor_job.job.id");
    private static final Attributes SERIES = Attributes.of(AttributeKey.stringKey("collection"), TracedWorker.ROOT,
            AttributeKey.stringKey("type"), TracedWorker.TYPE);

    @Deployment
    static WebArchive deployment() {
        return Deployments.worker("telemetry", Map.of(
                        "otel.sdk.disabled", "false",
                        "otel.service.name", "meteor-job-tck",
                        "otel.traces.exporter", InMemoryTelemetry.NAME,
                        "otel.metrics.exporter", InMemoryTelemetry.NAME,
                        "otel.logs.exporter", "none",
                        "otel.bsp.schedule.delay", "100",
                        "otel.metric.export.interval", "300"),
                        TracedWorker.class, InMemoryTelemetry.class, InMemoryTelemetry.Spans.class,
                        InMemoryTelemetry.Metrics.class)
                .addAsResource(new StringAsset(InMemoryTelemetry.Spans.class.getName() + "\n"),
                        "META-INF/services/" + ConfigurableSpanExporterProvider.class.getName())
                .addAsResource(new StringAsset(InMemoryTelemetry.Metrics.class.getName() + "\n"),
                        "META-INF/services/" + ConfigurableMetricExporterProvider.class.getName());
    }

    @Inject
    @Collection(TracedWorker.ROOT)
    JobCollection jobs;

    @Inject
    OpenTelemetry openTelemetry;

    @Test
    void workerSpanIsTheChildOfTheCreatorsSpanAndTheCountersShowTheRuns() {
        Span creator = openTelemetry.getTracer("tck").spanBuilder("create jobs").startSpan();
        String okId;
        String failId;
        try (Scope ignored = creator.makeCurrent()) {
            okId = jobs.createJob(TracedWorker.TYPE, Map.of("fail", false)).saveAndWait();
            failId = jobs.createJob(TracedWorker.TYPE, Map.of("fail", true)).saveAndWait();
        } finally {
            creator.end();
        }
        String traceId = creator.getSpanContext().getTraceId();
        assertThat(creator.getSpanContext().isValid()).as("Liberty's SDK is on for this application").isTrue();

        SpanData ok = await().atMost(WAIT).until(() -> runSpan(okId), Optional::isPresent).orElseThrow();
        assertThat(ok.getName()).isEqualTo("process " + TracedWorker.TYPE);
        assertThat(ok.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(ok.getTraceId()).isEqualTo(traceId);
        assertThat(ok.getParentSpanId()).isEqualTo(creator.getSpanContext().getSpanId());
        assertThat(ok.getStatus().getStatusCode()).isEqualTo(StatusCode.OK);

        SpanData failed = await().atMost(WAIT).until(() -> runSpan(failId), Optional::isPresent).orElseThrow();
        assertThat(failed.getTraceId()).isEqualTo(traceId);
        assertThat(failed.getParentSpanId()).isEqualTo(creator.getSpanContext().getSpanId());
        assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(failed.getStatus().getDescription()).contains("asked to fail");

        // the worker's own span is a child of the run span, which is current while the observer runs
        await().atMost(WAIT).untilAsserted(() -> assertThat(InMemoryTelemetry.SPANS).anySatisfy(s -> {
            assertThat(s.getName()).isEqualTo("render");
            assertThat(s.getParentSpanId()).isEqualTo(ok.getSpanId());
        }));

        // this test's own job type: 2 fetched, 1 completed, 1 failed (not fatal), 2 durations
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(counter("meteor_job.jobs.fetched", SERIES)).isEqualTo(2);
            assertThat(counter("meteor_job.jobs.completed", SERIES)).isEqualTo(1);
            assertThat(counter("meteor_job.jobs.failed",
                    SERIES.toBuilder().put(AttributeKey.booleanKey("fatal"), false).build())).isEqualTo(1);
            assertThat(histogramCount("meteor_job.job.duration", "completed")).isEqualTo(1);
            assertThat(histogramCount("meteor_job.job.duration", "failed")).isEqualTo(1);
        });
    }

    private static Optional<SpanData> runSpan(String jobId) {
        return InMemoryTelemetry.SPANS.stream().filter(s -> jobId.equals(s.getAttributes().get(JOB_ID))).findFirst();
    }

    private static Optional<MetricData> latest(String name) {
        List<MetricData> all = InMemoryTelemetry.METRICS;
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).getName().equals(name)) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    private static long counter(String name, Attributes attributes) {
        return latest(name).map(m -> m.getLongSumData().getPoints().stream()
                .filter(p -> p.getAttributes().equals(attributes)).mapToLong(LongPointData::getValue).sum()).orElse(0L);
    }

    private static long histogramCount(String name, String outcome) {
        Attributes attributes = SERIES.toBuilder().put("outcome", outcome).build();
        return latest(name).map(m -> m.getHistogramData().getPoints().stream()
                .filter(p -> p.getAttributes().equals(attributes)).mapToLong(HistogramPointData::getCount).sum())
                .orElse(0L);
    }
}
