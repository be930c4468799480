package io.github.meteorjob.testing;

import io.github.meteorjob.JobStatus;
import io.github.meteorjob.server.EmbeddedJobServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(JobServerExtension.class)
class JobDocumentTest {

    @Test
    void newDocumentHasTheReferenceClientsDefaults() {
        Instant now = Instant.ofEpochMilli(1_700_000_000_000L);
        JsonObject doc = JobDocument.of("email", now).build();
        assertThat(doc.getString("type")).isEqualTo("email");
        assertThat(doc.getString("status")).isEqualTo("waiting");
        assertThat(doc.getJsonObject("created").getJsonNumber("$date").longValue()).isEqualTo(now.toEpochMilli());
        assertThat(doc.getJsonObject("retryUntil").getJsonNumber("$date").longValue()).isEqualTo(8640000000000000L);
        assertThat(doc.getInt("retries")).isEqualTo(1);
        assertThat(doc.getString("retryBackoff")).isEqualTo("constant");
        assertThat(doc.getJsonArray("log").getJsonObject(0).getString("message")).isEqualTo("Constructed");
        assertThat(doc.keySet()).containsExactly("runId", "type", "data", "status", "updated", "created", "priority",
                "retries", "repeatRetries", "retried", "retryWait", "retryBackoff", "retryUntil", "repeats", "repeated",
                "repeatWait", "repeatUntil", "after", "depends", "resolved", "progress", "log");
    }

    @Test
    void changedFieldsAndLeftOutFields() {
        JsonObject doc = JobDocument.of("t").priority(-10).status(JobStatus.PAUSED).depends("a", "b")
                .data(Json.createObjectBuilder().add("to", "ada").build()).without("log").build();
        assertThat(doc.getInt("priority")).isEqualTo(-10);
        assertThat(doc.getString("status")).isEqualTo("paused");
        assertThat(doc.getJsonArray("depends").getString(1)).isEqualTo("b");
        assertThat(doc.getJsonObject("data").getString("to")).isEqualTo("ada");
        assertThat(doc).doesNotContainKey("log");
    }

    @Test
    void savedDocumentIsAWaitingJobOnTheServer(EmbeddedJobServer server) {
        String id = JobDocument.of("seeded").priority(5).saveTo(server, EmbeddedJobServer.DEFAULT_COLLECTION);
        JsonObject stored = server.collection().job(id).orElseThrow();
        assertThat(stored.getString("type")).isEqualTo("seeded");
        assertThat(stored.getString("status")).isEqualTo("ready");
        assertThat(stored.getInt("priority")).isEqualTo(5);
    }

    @Test
    void badInputIsNamed(EmbeddedJobServer server) {
        assertThatThrownBy(() -> JobDocument.of("")).hasMessageContaining("non-empty type");
        assertThatThrownBy(() -> JobDocument.of("t").saveTo(server, "nope")).hasMessageContaining("no collection 'nope'");
    }
}
