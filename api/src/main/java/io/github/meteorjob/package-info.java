/**
 * The public API of meteor-job for Jakarta EE: create, run and manage jobs of a Meteor job-collection.
 *
 * <ul>
 * <li>{@link io.github.meteorjob.JobCollection} – one collection (root) on one connection: create jobs, fetch
 *     work, bulk manager operations, start worker queues.</li>
 * <li>{@link io.github.meteorjob.Job} – one job: creator, worker and manager operations and its document.</li>
 * <li>{@link io.github.meteorjob.JobQueue} – a running worker queue
 *     ({@link io.github.meteorjob.JobCollection#processJobs}).</li>
 * <li>Options and values are immutable records; {@code null} components mean "meteor-job's default".</li>
 * </ul>
 *
 * <h2>Conventions</h2>
 * <ul>
 * <li>Every operation that talks to the server returns a {@link java.util.concurrent.CompletionStage} and never
 *     blocks the caller. Block with {@link io.github.meteorjob.JobException#await(java.util.concurrent.CompletionStage)}
 *     (or the {@code ...AndWait} conveniences that use it: {@code Job.saveAndWait()},
 *     {@code JobCollection.getJobAndWait(id)}).</li>
 * <li>Bad arguments throw {@link java.lang.IllegalArgumentException} and operations that do not fit the job's
 *     state (done on a job that is not running, cancel on an unsaved job) throw
 *     {@link java.lang.IllegalStateException}, at once, naming the argument and why.</li>
 * <li>Server errors and connection loss complete the stage exceptionally with the DDP client's exceptions.</li>
 * <li>Times are {@link java.time.Instant}, waits are {@link java.time.Duration} (millisecond precision on the
 *     wire); job data and results map to your classes with JSON-B.</li>
 * </ul>
 */
package io.github.meteorjob;
