package io.github.meteorjob.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class MetricDescriptorTest {

    @Test
    void aNamePrometheusCannotCarryIsRefusedByName() {
        assertThatThrownBy(() -> new MetricRegistry().counter("Meteor-Job.calls", "", "help"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric name must be lower case letters, digits, '_' and '.', got 'Meteor-Job.calls'");
    }

    @Test
    void aUnitMustBeOneLowerCaseWord() {
        assertThatThrownBy(() -> new MetricDescriptor("meteor_job.x", "milli seconds", "help", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unit must be a lower case word such as 'seconds', got 'milli seconds'");
    }

    @Test
    void anAttributeNameWithADotIsRefused() {
        assertThatThrownBy(() -> new MetricRegistry().counter("meteor_job.x", "", "help", "job.type"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attribute name must be lower case letters, digits and '_', got 'job.type'");
    }

    @Test
    void theAttributeNamesAreACopyAndTheMetricAnswersWithItsDescriptor() {
        List<String> labels = new ArrayList<>(List.of("collection", "type"));
        Gauge gauge = new MetricRegistry().gauge("meteor_job.jobs", "", "Jobs by status", labels, sink -> { });
        labels.add("status");

        assertThat(gauge.descriptor())
                .isEqualTo(new MetricDescriptor("meteor_job.jobs", "", "Jobs by status", List.of("collection", "type")));
        assertThat(gauge.name()).isEqualTo("meteor_job.jobs");
    }
}
