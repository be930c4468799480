package sample;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class SeWorkerTest {

    @Test
    void oneJobRunsToCompletion() throws Exception {
        String outcome = SeWorker.run();
        assertTrue(outcome.endsWith("COMPLETED: {\"text\":\"Hello, Ada\"}"), outcome);
    }
}
