package io.github.meteorjob;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {

    @Test
    void priorityLevelsHaveMeteorJobValues() {
        assertThat(Priority.LOW.value()).isEqualTo(10);
        assertThat(Priority.NORMAL.value()).isZero();
        assertThat(Priority.MEDIUM.value()).isEqualTo(-5);
        assertThat(Priority.HIGH.value()).isEqualTo(-10);
        assertThat(Priority.CRITICAL.value()).isEqualTo(-15);
        assertThat(Priority.fromName("high")).isEqualTo(Priority.HIGH);
        assertThatThrownBy(() -> Priority.fromName("urgent")).hasMessageContaining("urgent");
    }

    @Test
    void wireNamesRoundTrip() {
        for (JobStatus s : JobStatus.values()) {
            assertThat(JobStatus.fromWire(s.wireName())).isEqualTo(s);
        }
        for (JobSort s : JobSort.values()) {
            assertThat(JobSort.fromWire(s.wireName())).isEqualTo(s);
        }
        assertThat(JobSort.ID.wireName()).isEqualTo("_id");
        assertThat(JobSort.UPDATED.wireName()).isEqualTo("updated");
        assertThat(LogLevel.fromWire("danger")).isEqualTo(LogLevel.DANGER);
        assertThat(BackoffMethod.fromWire("exponential")).isEqualTo(BackoffMethod.EXPONENTIAL);
        assertThatThrownBy(() -> JobStatus.fromWire("done")).hasMessageContaining("'done'");
        assertThatThrownBy(() -> LogLevel.fromWire("debug")).hasMessageContaining("'debug'");
        assertThatThrownBy(() -> BackoffMethod.fromWire("linear")).hasMessageContaining("'linear'");
    }

    @Test
    void statusSetsMatchMeteorJob() {
        assertThat(JobStatus.RUNNING.isCancellable()).isTrue();
        assertThat(JobStatus.COMPLETED.isCancellable()).isFalse();
        assertThat(JobStatus.WAITING.isPausable()).isTrue();
        assertThat(JobStatus.RUNNING.isPausable()).isFalse();
        assertThat(JobStatus.FAILED.isRemovable()).isTrue();
        assertThat(JobStatus.READY.isRemovable()).isFalse();
        assertThat(JobStatus.CANCELLED.isRestartable()).isTrue();
        assertThat(JobStatus.COMPLETED.isRestartable()).isFalse();
    }

    @Test
    void badOptionValuesNameTheArgument() {
        assertThatThrownBy(() -> RetryOptions.retries(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retries");
        assertThatThrownBy(() -> RetryOptions.forever().withWait(Duration.ofMillis(-1))).hasMessageContaining("wait");
        assertThatThrownBy(() -> RepeatOptions.repeats(-2)).hasMessageContaining("repeats");
        assertThatThrownBy(() -> RepeatOptions.forever().withWait(Duration.ofSeconds(1)).withSchedule(Schedule.cron("* * * * *")))
                .hasMessageContaining("mutually exclusive");
        assertThatThrownBy(() -> GetWorkOptions.maxJobs(0)).hasMessageContaining("maxJobs");
        assertThatThrownBy(() -> GetWorkOptions.NONE.withWorkTimeout(Duration.ZERO)).hasMessageContaining("workTimeout");
        assertThatThrownBy(() -> new RestartOptions(-1, true, null, null)).hasMessageContaining("retries");
        assertThatThrownBy(() -> new RerunOptions(-1, null, null, null)).hasMessageContaining("repeats");
        assertThatThrownBy(() -> new DoneOptions(false, Duration.ofMillis(-5))).hasMessageContaining("delayDeps");
        assertThatThrownBy(() -> JobProgress.of(-1, 1)).hasMessageContaining("completed");
        assertThatThrownBy(() -> JobProgress.of(0, 0)).hasMessageContaining("total");
        assertThatThrownBy(() -> JobProgress.of(2, 1)).hasMessageContaining("exceed");
    }

    @Test
    void queueOptionsDefaultsAndValidation() {
        QueueOptions d = QueueOptions.defaults();
        assertThat(d.concurrency()).isEqualTo(1);
        assertThat(d.payload()).isEqualTo(1);
        assertThat(d.prefetch()).isZero();
        assertThat(d.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.polls()).isTrue();
        assertThat(d.withPollInterval(null).polls()).isFalse();
        assertThat(d.withPollInterval(Duration.ZERO).polls()).isFalse();
        assertThatThrownBy(() -> d.withConcurrency(-1)).hasMessageContaining("concurrency");
        assertThatThrownBy(() -> d.withPayload(-1)).hasMessageContaining("payload");
        assertThatThrownBy(() -> d.withPrefetch(-1)).hasMessageContaining("prefetch");
        assertThatThrownBy(() -> d.withPollInterval(Duration.ofMillis(-1))).hasMessageContaining("pollInterval");
        assertThatThrownBy(() -> d.withWorkTimeout(Duration.ofMillis(-1))).hasMessageContaining("workTimeout");
        assertThatThrownBy(() -> d.withAutoExtend(Duration.ofMillis(-1))).hasMessageContaining("autoExtend");
    }

    @Test
    void theDefaultQueueHoldsASixtySecondLeaseThatIsExtendedWhileTheWorkerRuns() {
        QueueOptions d = QueueOptions.defaults();
        assertThat(d.workTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.autoExtend()).isNull();
        assertThat(d.effectiveAutoExtend()).isEqualTo(Duration.ofSeconds(20));
        // a shorter lease is extended at a third of it, unless told otherwise
        assertThat(d.withWorkTimeout(Duration.ofSeconds(3)).effectiveAutoExtend()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.withAutoExtend(Duration.ofSeconds(5)).effectiveAutoExtend()).isEqualTo(Duration.ofSeconds(5));
        // no lease: zero or null, and then nothing to extend
        assertThat(d.withWorkTimeout(Duration.ZERO).workTimeout()).isNull();
        assertThat(d.withWorkTimeout(null).effectiveAutoExtend()).isNull();
        // a lease that only the worker's own progress() calls renew
        assertThat(d.withAutoExtend(Duration.ZERO).effectiveAutoExtend()).isNull();
        // an extension interval that lets the lease lapse is refused, naming both values
        assertThat(d.withAutoExtend(Duration.ofMinutes(1)).withWorkTimeout(Duration.ofMinutes(5)).validated().autoExtend())
                .isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> d.withAutoExtend(Duration.ofSeconds(60)).validated())
                .hasMessage("autoExtend (60000 ms) must be shorter than workTimeout (60000 ms), or the lease lapses between extensions");
        // one place for the defaults: the annotation takes them from QueueOptions
        assertThat(ProcessJobs.Literal.of("c", "t").workTimeout()).isEqualTo(QueueOptions.DEFAULT_WORK_TIMEOUT_MS);
        assertThat(ProcessJobs.Literal.of("c", "t").autoExtend()).isTrue();
    }

    @Test
    void progressPercent() {
        assertThat(JobProgress.of(1, 4).percent()).isEqualTo(25.0);
    }

    @Test
    void failureMessage() {
        var obj = jakarta.json.Json.createObjectBuilder().add("value", "boom").build();
        assertThat(new JobFailure("r", obj).message()).isEqualTo("boom");
    }

    @Test
    void awaitUnwrapsFailures() {
        assertThat(JobException.await(CompletableFuture.completedFuture("x"))).isEqualTo("x");
        assertThatThrownBy(() -> JobException.await(CompletableFuture.failedFuture(new IllegalStateException("nope"))))
                .isInstanceOf(IllegalStateException.class).hasMessage("nope");
        assertThatThrownBy(() -> JobException.await(CompletableFuture.failedFuture(new java.io.IOException("io"))))
                .isInstanceOf(JobException.class).hasCauseInstanceOf(java.io.IOException.class);
    }
}
