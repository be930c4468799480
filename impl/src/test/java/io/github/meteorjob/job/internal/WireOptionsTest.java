package io.github.meteorjob.job.internal;

import io.github.meteorjob.ejson.Ejson;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class WireOptionsTest {

    @Test
    void unsetOptionsAreLeftOutAndSetOnesTakeJobCollectionsForm() {
        String none = Ejson.stringify(new WireOptions().putIfSet("b", (Boolean) null).putIfSet("i", (Integer) null)
                .putIfSet("d", (Duration) null).putIfSet("t", (Instant) null).build());
        assertThat(none).isEqualTo("{}");
        String all = Ejson.stringify(new WireOptions().put("force", true).put("retries", 3L).put("wait", JsonValue.NULL)
                .putIfSet("b", false).putIfSet("i", 7).putIfSet("d", Duration.ofSeconds(2))
                .putIfSet("t", Instant.ofEpochMilli(5)).build());
        assertThat(all).isEqualTo("{\"force\":true,\"retries\":3,\"wait\":null,\"b\":false,\"i\":7,\"d\":2000,"
                + "\"t\":{\"$date\":5}}");
    }
}
