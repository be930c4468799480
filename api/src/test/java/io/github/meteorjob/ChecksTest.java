package io.github.meteorjob;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared checks, and the messages the option records and enums give through them. */
class ChecksTest {

    @Test
    void nonNegativeIntegerNamesTheOptionAndTheValue() {
        assertThatCode(() -> Checks.nonNegativeInteger("retries", 0)).doesNotThrowAnyException();
        assertThatCode(() -> Checks.nonNegativeInteger("retries", (Long) null)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Checks.nonNegativeInteger("retries", -1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("retries must be an integer >= 0, was -1");
        assertThatThrownBy(() -> new RepeatOptions(-2L, null, null, null))
                .hasMessage("repeats must be an integer >= 0, was -2");
        assertThatThrownBy(() -> new RestartOptions(-1, true, null, null))
                .hasMessage("retries must be an integer >= 0, was -1");
        assertThatThrownBy(() -> QueueOptions.defaults().withPrefetch(-3))
                .hasMessage("prefetch must be an integer >= 0, was -3");
    }

    @Test
    void nonNegativeDurationNamesTheOptionAndTheValue() {
        assertThatCode(() -> Checks.nonNegative("wait", Duration.ZERO)).doesNotThrowAnyException();
        assertThatCode(() -> Checks.nonNegative("wait", null)).doesNotThrowAnyException();
        assertThatThrownBy(() -> RetryOptions.every(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("wait must be >= 0, was PT-1S");
        assertThatThrownBy(() -> new DoneOptions(false, Duration.ofMillis(-5)))
                .hasMessage("delayDeps must be >= 0, was PT-0.005S");
    }

    @Test
    void namedListsEveryAcceptedNameInOrder() {
        assertThat(Checks.named(JobSort.values(), JobSort::wireName, "sort", "_id")).isEqualTo(JobSort.ID);
        assertThatThrownBy(() -> JobSort.fromWire("size")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sort must be one of updated, created, after, priority, status, type, _id; was 'size'");
        assertThatThrownBy(() -> Priority.fromName("HIGH"))
                .hasMessage("priority must be one of low, normal, medium, high, critical; was 'HIGH'");
        assertThatThrownBy(() -> JobStatus.fromWire(null))
                .hasMessage("status must be one of waiting, paused, ready, running, failed, cancelled, completed; was 'null'");
        assertThatThrownBy(() -> LogLevel.fromWire("debug"))
                .hasMessage("log level must be one of info, success, warning, danger; was 'debug'");
        assertThatThrownBy(() -> BackoffMethod.fromWire("linear"))
                .hasMessage("backoff must be one of constant, exponential; was 'linear'");
    }
}
