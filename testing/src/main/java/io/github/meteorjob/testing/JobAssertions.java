package io.github.meteorjob.testing;

import io.github.meteorjob.Job;

/** Entry point of the AssertJ assertions for jobs; import {@code assertThat} statically next to AssertJ's own. */
public final class JobAssertions {

    private JobAssertions() {
    }

    /** Assertions on {@code job}: status, type, data, result, retries, failures and log. */
    public static JobAssert assertThat(Job job) {
        return new JobAssert(job);
    }
}
