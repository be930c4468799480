package io.github.meteorjob.it.cdi;

import io.github.meteorjob.Job;
import io.github.meteorjob.ProcessJobs;
import io.github.meteorjob.cdi.internal.MeteorJobRuntime;
import io.github.meteorjob.server.EmbeddedJobServer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.se.SeContainer;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starting the queues after connecting can throw (an application server's OpenTelemetry API that lacks a method the
 * library calls: {@code NoSuchMethodError}). That used to vanish inside the connect stage: no queue ran, nothing was
 * logged and readiness stayed UP. Now an ERROR names the cause and readiness is DOWN with it as the reason.
 */
class QueueStartFailureCdiTest {

    static final String ROOT = "startFailPile";
    static final String MISSING = "'io.opentelemetry.api.metrics.DoubleGaugeBuilder "
            + "io.opentelemetry.api.metrics.Meter.gaugeBuilder(java.lang.String)'";

    private EmbeddedJobServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** An OpenTelemetry whose meters lack gaugeBuilder, as a linked-against-older API would at run time. */
    @ApplicationScoped
    static class BrokenTelemetry {
        @Produces
        OpenTelemetry openTelemetry() {
            Meter noop = MeterProvider.noop().get("noop");
            Meter meter = (Meter) Proxy.newProxyInstance(Meter.class.getClassLoader(), new Class<?>[]{Meter.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("gaugeBuilder")) {
                            throw new NoSuchMethodError(MISSING);
                        }
                        try {
                            return method.invoke(noop, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            return new OpenTelemetry() {
                @Override
                public TracerProvider getTracerProvider() {
                    return TracerProvider.noop();
                }

                @Override
                public MeterProvider getMeterProvider() {
                    // setSchemaUrl/setInstrumentationVersion return the builder, build() the meter
                    return name -> (MeterBuilder) Proxy.newProxyInstance(MeterBuilder.class.getClassLoader(),
                            new Class<?>[]{MeterBuilder.class}, (b, m, a) -> m.getName().equals("build") ? meter : b);
                }

                @Override
                public ContextPropagators getPropagators() {
                    return ContextPropagators.noop();
                }
            };
        }
    }

    @ApplicationScoped
    static class Worker {
        void work(@Observes @ProcessJobs(collection = ROOT, type = "work", pollInterval = 50) Job job) {
        }
    }

    @Test
    void failedQueueStartIsLoggedAsErrorAndTurnsReadinessDown() {
        server = EmbeddedJobServer.builder().collection(ROOT).start();
        List<LogRecord> errors = new CopyOnWriteArrayList<>();
        Logger jul = Logger.getLogger(MeteorJobRuntime.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    errors.add(r);
                }
            }

            @Override public void flush() { }
            @Override public void close() { }
        };
        jul.addHandler(capture);
        try (Containers.Config config = Containers.config().set("meteor-job.url", server.url());
             SeContainer c = config.start(BrokenTelemetry.class, Worker.class)) {
            MeteorJobRuntime runtime = c.select(MeteorJobRuntime.class).get();
            await().atMost(Duration.ofSeconds(15)).until(() -> !errors.isEmpty());
            LogRecord error = errors.get(0);
            assertThat(error.getMessage()).contains("starting the queues failed", "NoSuchMethodError", MISSING,
                    "no job will be processed");
            assertThat(error.getThrown()).isInstanceOf(NoSuchMethodError.class);

            assertThat(runtime.isConnected()).isTrue();
            assertThat(runtime.queues()).isEmpty();
            HealthCheckResponse r = c.select(HealthCheck.class, Readiness.Literal.INSTANCE).get().call();
            assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(String.valueOf(r.getData().orElseThrow().get("reason")))
                    .contains("starting the queues failed", "NoSuchMethodError", MISSING, "restarted");
        } finally {
            jul.removeHandler(capture);
        }
    }
}
