/**
 * Test fixtures for applications using meteor-job (artifact {@code meteor-job-testing}, test scope):
 * {@link io.github.meteorjob.testing.JobServerExtension} runs an embedded job server per test class,
 * {@link io.github.meteorjob.testing.JobDocument} builds job documents as the reference client sends them, and
 * {@link io.github.meteorjob.testing.JobAssertions#assertThat(io.github.meteorjob.Job)} starts AssertJ assertions on jobs.
 */
package io.github.meteorjob.testing;
