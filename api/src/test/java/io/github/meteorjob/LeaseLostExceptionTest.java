package io.github.meteorjob;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseLostExceptionTest {

    private final LeaseLostException lost = new LeaseLostException("queue", "email", "j1", "r1", "done");

    @Test
    void reportsTheLostRunAndNamesItInTheMessage() {
        assertThat(lost.collection()).isEqualTo("queue");
        assertThat(lost.type()).isEqualTo("email");
        assertThat(lost.jobId()).isEqualTo("j1");
        assertThat(lost.runId()).isEqualTo("r1");
        assertThat(lost.operation()).isEqualTo("done");
        assertThat(lost).hasMessage("done() for job j1 of type 'email' in collection 'queue' was refused: the job is no"
                + " longer running under run r1 (its workTimeout lease expired, or a manager cancelled, restarted or"
                + " removed it); this run's outcome was not recorded");
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(lost);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            LeaseLostException copy = (LeaseLostException) in.readObject();
            assertThat(copy.runId()).isEqualTo("r1");
            assertThat(copy.operation()).isEqualTo("done");
            assertThat(copy).hasMessage(lost.getMessage());
        }
    }
}
