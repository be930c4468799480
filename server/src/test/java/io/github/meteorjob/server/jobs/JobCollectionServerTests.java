package io.github.meteorjob.server.jobs;

import io.github.meteorjob.server.ReferenceJobDoc;
import io.github.meteorjob.DdpException;
import io.github.meteorjob.ejson.Ejson;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static io.github.meteorjob.server.jobs.WireValues.arr;
import static io.github.meteorjob.server.jobs.WireValues.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * State-machine tests of every job-collection method through the Java API; run once per store
 * by the concrete subclasses.
 */
abstract class JobCollectionServerTests extends JobServerTestBase {

    // ================================================================ start / stop

    @Test
    void serverStartsStoppedAndHandsOutNoWorkUntilStarted() {
        String id = save(doc("t"));
        assertThat(work("t", obj())).isEmpty();
        assertThat(server.isStarted()).isFalse();
        start();
        JsonArray w = work("t", obj());
        assertThat(w).hasSize(1);
        assertThat(w.getJsonObject(0).getString("_id")).isEqualTo(id);
    }

    @Test
    void jobProgressAnswersNullAfterShutdownAndGetWorkEmpty() {
        start();
        String id = save(doc("t"));
        String runId = take("t");
        assertThat(call("jobProgress", id, runId, 1, 2, obj())).isEqualTo(JsonValue.TRUE);
        save(doc("t"));
        assertThat(call("shutdownJobServer", obj().add("timeout", 60000))).isEqualTo(JsonValue.TRUE);
        assertThat(call("jobProgress", id, runId, 1, 2, obj())).isEqualTo(JsonValue.NULL);
        assertThat(work("t", obj())).isEmpty();
        assertThat(call("stopJobs", obj())).isEqualTo(JsonValue.TRUE);
        assertThat(call("startJobs", obj())).isEqualTo(JsonValue.TRUE);
        assertThat(work("t", obj())).hasSize(1);
    }

    @Test
    void startAndShutdownValidateOptions() {
        assertMatchFailed("startJobServer", obj().add("foo", 1));
        assertMatchFailed("shutdownJobServer", obj().add("timeout", 0));
        assertMatchFailed("shutdownJobServer", obj().add("timeout", "soon"));
        assertMatchFailed("startJobServer", (Object) null);
    }

    @Test
    void unknownMethodIs404() {
        assertThatThrownBy(() -> call("jobFrobnicate"))
                .isInstanceOfSatisfying(DdpException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(404);
                    assertThat(e.reason()).isEqualTo("Method 'jobPile_jobFrobnicate' not found");
                });
    }

    @Test
    void registerUsesPermissionLevelsOfDdpMethodPermissions() {
        java.util.Map<String, Set<String>> methods = new java.util.TreeMap<>();
        java.util.List<String> pubs = new java.util.ArrayList<>();
        server.register(new io.github.meteorjob.server.ddp.MethodRegistry() {
            @Override
            public void method(String name, Set<String> levels, io.github.meteorjob.server.ddp.MethodHandler h) {
                methods.put(name, levels);
            }

            @Override
            public void publication(String name, Set<String> levels, io.github.meteorjob.server.ddp.PublicationHandler h) {
                pubs.add(name);
            }
        });
        assertThat(methods).hasSize(20); // job-collection's 18 and the job query extension's findJobs, countJobs
        assertThat(methods.get("jobPile_findJobs")).containsExactlyInAnyOrder("manager", "viewer");
        assertThat(methods.get("jobPile_countJobs")).containsExactlyInAnyOrder("manager", "viewer");
        assertThat(methods.get("jobPile_getJob")).containsExactlyInAnyOrder("worker", "manager", "viewer");
        assertThat(methods.get("jobPile_getWork")).containsExactly("worker");
        assertThat(methods.get("jobPile_jobSave")).containsExactly("creator");
        assertThat(methods.get("jobPile_jobRerun")).containsExactly("creator");
        assertThat(methods.get("jobPile_jobCancel")).containsExactly("manager");
        assertThat(methods.get("jobPile_startJobServer")).isEmpty();
        assertThat(methods.get("jobPile_stopJobs")).isEmpty();
        assertThat(pubs).containsExactly("jobPile.jobs", "jobPile.jobCounts");
    }

    // ================================================================ jobSave

    @Test
    void saveNewJobStoresItWithServerCreatedTimeAndSubmittedLogAndPromotesIt() {
        Instant clientTime = T0.minusSeconds(3600);
        String id = save(ReferenceJobDoc.of("t", clientTime));
        assertThat(id).hasSize(17).matches("[23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz]{17}");
        JsonObject j = job(id);
        assertThat(WireValues.date(j, "created")).isEqualTo(T0);
        assertThat(WireValues.date(j, "updated")).isEqualTo(T0); // promotion sets updated
        assertThat(j.getString("status")).isEqualTo("ready");
        assertThat(WireValues.date(j, "after")).isEqualTo(T0); // clamped from Date(0), then jobReady(id) sets now
        assertThat(logMessages(id)).containsExactly("Constructed", "Job Submitted", "Promoted to ready");
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(ServerJobEvent.Saved.class))
                .anySatisfy(e -> assertThat(e).isInstanceOf(ServerJobEvent.Promoted.class));
    }

    @Test
    void saveKeepsClientUpdatedWhenTheJobIsNotPromoted() {
        Instant clientTime = T0.minusSeconds(3600);
        String id = save(ReferenceJobDoc.of("t", clientTime).add("after", Ejson.date(T0.plusSeconds(60))));
        JsonObject j = job(id);
        assertThat(j.getString("status")).isEqualTo("waiting");
        assertThat(WireValues.date(j, "updated")).isEqualTo(clientTime);
        assertThat(WireValues.date(j, "created")).isEqualTo(T0);
        assertThat(WireValues.date(j, "after")).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void saveClampsPastDatesToNow() {
        String id = save(doc("t").add("retryUntil", Ejson.date(T0.minusSeconds(5)))
                .add("repeatUntil", Ejson.date(T0.minusSeconds(5))).add("status", "paused"));
        JsonObject j = job(id);
        assertThat(j.getString("status")).isEqualTo("paused");
        assertThat(WireValues.date(j, "retryUntil")).isEqualTo(T0);
        assertThat(WireValues.date(j, "repeatUntil")).isEqualTo(T0);
        assertThat(WireValues.date(j, "after")).isEqualTo(T0);
    }

    @Test
    void saveRefusesStatusesOtherThanWaitingOrPaused() {
        assertMatchFailed("jobSave", doc("t").add("status", "running"), obj());
        assertMatchFailed("jobSave", doc("t").add("status", "completed"), obj());
        assertMatchFailed("jobSave", doc("t").add("status", "bogus"), obj());
        assertThat(server.size()).isZero();
    }

    @Test
    void saveRefusesMalformedDocuments() {
        assertMatchFailed("jobSave", doc("t").remove("retryWait"), obj());
        assertMatchFailed("jobSave", doc("t").add("extra", 1), obj());
        assertMatchFailed("jobSave", doc("t").add("priority", "high"), obj());
        assertMatchFailed("jobSave", doc("t").add("priority", 1.5), obj());
        assertMatchFailed("jobSave", doc("t").add("data", "x"), obj());
        assertMatchFailed("jobSave", doc("t").add("data", Json.createArrayBuilder()), obj());
        assertMatchFailed("jobSave", doc("t").add("after", 0), obj());
        assertMatchFailed("jobSave", doc("t").add("retries", -1), obj());
        assertMatchFailed("jobSave", doc("t").add("retryBackoff", "linear"), obj());
        assertMatchFailed("jobSave", doc("t").add("depends", Json.createArrayBuilder().add(5)), obj());
        assertMatchFailed("jobSave", doc("t").add("progress", obj().add("completed", 0).add("total", 1)), obj());
        assertMatchFailed("jobSave", doc("t").add("repeatWait", obj().add("schedules", 1)), obj());
        assertMatchFailed("jobSave", doc("t"), obj().add("cancelRepeats", "yes"));
        assertMatchFailed("jobSave", doc("t"), obj().add("other", true));
        assertMatchFailed("jobSave", doc("t"), JsonValue.NULL);
        assertMatchFailed("jobSave", "not a doc", obj());
        assertThat(server.size()).isZero();
    }

    @Test
    void saveClampsHugeRetriesAndRepeatsToForever() {
        String id = save(doc("t").add("retries", 1e300).add("repeats", 1e300));
        assertThat(job(id).getJsonNumber("retries").longValue()).isEqualTo(ReferenceJobDoc.FOREVER);
        assertThat(job(id).getJsonNumber("repeats").longValue()).isEqualTo(ReferenceJobDoc.FOREVER);
    }

    @Test
    void resaveOnlyWorksWhilePausedAndResubmits() {
        String id = save(doc("t").add("status", "paused"));
        assertThat(status(id)).isEqualTo("paused");
        JsonObject cur = job(id);
        JsonValue again = call("jobSave", Json.createObjectBuilder(cur).add("priority", -10)
                .add("data", obj().add("n", 2)), obj());
        assertThat(again).isEqualTo(Json.createValue(id));
        JsonObject j = job(id);
        assertThat(j.getString("status")).isEqualTo("ready");
        assertThat(j.getInt("priority")).isEqualTo(-10);
        assertThat(j.getJsonObject("data").getInt("n")).isEqualTo(2);
        assertThat(logMessages(id)).contains("Job Resubmitted");
        // now it is ready, not paused: a re-save is refused with null
        assertThat(call("jobSave", Json.createObjectBuilder(job(id)).add("status", "waiting"), obj()))
                .isEqualTo(JsonValue.NULL);
        // an unknown id is refused too
        assertThat(call("jobSave", doc("t").add("_id", "nosuchjobxxxxxxxx"), obj())).isEqualTo(JsonValue.NULL);
        assertThat(server.size()).isEqualTo(1);
    }

    @Test
    void saveResolvesCompletedAntecedentsAndKeepsPendingOnes() {
        start();
        String done = save(doc("a"));
        String runId = take("a");
        call("jobDone", done, runId, obj(), obj());
        String pending = save(doc("b").add("after", Ejson.date(T0.plusSeconds(3600))));
        String id = save(doc("c").add("depends", arr(done, pending)));
        JsonObject j = job(id);
        assertThat(j.getString("status")).isEqualTo("waiting");
        assertThat(j.getJsonArray("depends")).containsExactly(Json.createValue(pending));
        assertThat(j.getJsonArray("resolved")).containsExactly(Json.createValue(done));
        assertThat(logMessages(id)).contains("Dependency resolved");
    }

    @Test
    void saveDependingOnMissingFailedOrCancelledJobIsStoredCancelledAndAnswersNull() {
        start();
        JsonValue r = call("jobSave", doc("c").add("depends", arr("missingjobxxxxxxx")), obj());
        assertThat(r).isEqualTo(JsonValue.NULL);
        assertThat(server.size()).isEqualTo(1);
        String stored = List.copyOf(server.store().allIds()).get(0);
        assertThat(status(stored)).isEqualTo("cancelled");
        assertThat(logMessages(stored)).contains("Antecedent job missingjobxxxxxxx missing at save", "Job Cancelled");

        String cancelled = save(doc("a"));
        call("jobCancel", cancelled, obj());
        assertThat(call("jobSave", doc("c").add("depends", arr(cancelled)), obj())).isEqualTo(JsonValue.NULL);

        String failed = save(doc("f").add("retries", 0));
        String runId = take("f");
        call("jobFail", failed, runId, obj().add("value", "x"), obj());
        assertThat(status(failed)).isEqualTo("failed");
        assertThat(call("jobSave", doc("c").add("depends", arr(failed)), obj())).isEqualTo(JsonValue.NULL);
        // the missing-antecedent job, the cancelled antecedent and its dependent, the dependent of the failed job
        assertThat(server.store().idsByStatus("cancelled")).hasSize(4);
    }

    @Test
    void cancelRepeatsCancelsCancellableJobsOfTheSameTypeForUnlimitedRepeats() {
        String old = save(doc("r").add("repeats", ReferenceJobDoc.FOREVER));
        String other = save(doc("other"));
        String fresh = save(doc("r").add("repeats", ReferenceJobDoc.FOREVER));
        assertThat(status(old)).isEqualTo("ready"); // without cancelRepeats nothing happens
        JsonValue id = call("jobSave", doc("r").add("repeats", ReferenceJobDoc.FOREVER), obj().add("cancelRepeats", true));
        assertThat(status(old)).isEqualTo("cancelled");
        assertThat(status(fresh)).isEqualTo("cancelled");
        assertThat(status(other)).isEqualTo("ready");
        assertThat(status(((JsonString) id).getString())).isEqualTo("ready");
        // limited repeats: cancelRepeats does nothing
        call("jobSave", doc("other").add("repeats", 3), obj().add("cancelRepeats", true));
        assertThat(status(other)).isEqualTo("ready");
    }

    @Test
    void saveWithScheduleMovesAfterToTheNextOccurrence() {
        JsonObject everyHourAt30 = obj().add("schedules", Json.createArrayBuilder().add(obj()
                .add("m", Json.createArrayBuilder().add(30)))).build();
        String id = save(doc("s").add("repeatWait", everyHourAt30).add("repeats", 2));
        JsonObject j = job(id);
        assertThat(j.getString("status")).isEqualTo("waiting");
        assertThat(WireValues.date(j, "after")).isEqualTo(Instant.parse("2026-01-01T00:30:00Z"));
        assertThat(j.getJsonObject("repeatWait")).isEqualTo(everyHourAt30);
    }

    @Test
    void saveWithUnsupportedScheduleIsRefusedNamingThePart() {
        JsonObject bad = obj().add("schedules", Json.createArrayBuilder().add(obj()
                .add("wk", Json.createArrayBuilder().add(3)))).build();
        assertThatThrownBy(() -> call("jobSave", doc("s").add("repeatWait", bad), obj()))
                .isInstanceOfSatisfying(DdpException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(400);
                    assertThat(e.details().toString()).contains("'wk'");
                });
        JsonObject modifier = obj().add("schedules", Json.createArrayBuilder().add(obj()
                .add("m_c", Json.createArrayBuilder().add(3)))).build();
        assertThatThrownBy(() -> call("jobSave", doc("s").add("repeatWait", modifier), obj()))
                .isInstanceOfSatisfying(DdpException.class, e -> assertThat(e.details().toString()).contains("m_c"));
        assertThat(server.size()).isZero();
    }

    @Test
    void saveWithScheduleWithoutOccurrenceBeforeRepeatUntilAnswersNull() {
        JsonObject y2020 = obj().add("schedules", Json.createArrayBuilder().add(obj()
                .add("Y", Json.createArrayBuilder().add(2020)))).build();
        assertThat(call("jobSave", doc("s").add("repeatWait", y2020), obj())).isEqualTo(JsonValue.NULL);
        JsonObject hourly = obj().add("schedules", Json.createArrayBuilder().add(obj()
                .add("m", Json.createArrayBuilder().add(0)))).build();
        assertThat(call("jobSave", doc("s").add("repeatWait", hourly)
                .add("repeatUntil", Ejson.date(T0.plusSeconds(60))), obj())).isEqualTo(JsonValue.NULL);
        assertThat(server.size()).isZero();
    }

    // ================================================================ getWork

    @Test
    void getWorkOrdersByPriorityThenRetryUntilThenAfter() {
        start();
        String low = save(doc("t").add("priority", 10));
        String normalLate = save(doc("t").add("retryUntil", Ejson.date(T0.plusSeconds(500))));
        String normalEarly = save(doc("t").add("retryUntil", Ejson.date(T0.plusSeconds(100))));
        String critical = save(doc("t").add("priority", -15));
        clock.advance(Duration.ofSeconds(1));
        String normalEarlyLaterAfter = save(doc("t").add("retryUntil", Ejson.date(T0.plusSeconds(100))));
        JsonArray w = work("t", obj().add("maxJobs", 10));
        assertThat(w.stream().map(v -> v.asJsonObject().getString("_id")).toList())
                .containsExactly(critical, normalEarly, normalEarlyLaterAfter, normalLate, low);
    }

    @Test
    void getWorkMarksJobsRunningWithOneRunIdAndDecrementsRetries() {
        start();
        String a = save(doc("t").add("retries", 3));
        String b = save(doc("u"));
        save(doc("v"));
        clock.advance(Duration.ofSeconds(2));
        JsonArray w = (JsonArray) call("getWork", Json.createArrayBuilder().add("t").add("u"),
                obj().add("maxJobs", 5).add("workTimeout", 1000));
        assertThat(w).hasSize(2);
        String runId = w.getJsonObject(0).getString("runId");
        assertThat(runId).hasSize(17);
        for (JsonValue v : w) {
            JsonObject d = v.asJsonObject();
            assertThat(d.getString("runId")).isEqualTo(runId);
            assertThat(d.getString("status")).isEqualTo("running");
            assertThat(d.containsKey("log")).isFalse();
            assertThat(d.containsKey("failures")).isFalse();
            assertThat(d.getInt("workTimeout")).isEqualTo(1000);
            assertThat(WireValues.date(d, "expiresAfter")).isEqualTo(T0.plusMillis(3000));
            assertThat(d.getInt("retried")).isEqualTo(1);
        }
        assertThat(job(a).getInt("retries")).isEqualTo(2);
        assertThat(job(b).getInt("retries")).isZero();
        assertThat(logMessages(a)).last().isEqualTo("Job Running");
        assertThat(job(a).getJsonArray("log").getJsonObject(job(a).getJsonArray("log").size() - 1).getString("runId"))
                .isEqualTo(runId);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(ServerJobEvent.Running.class));
    }

    @Test
    void getWorkWithoutMaxJobsGivesOneJobInAnArrayAndEmptyArrayWhenNothingReady() {
        start();
        assertThat(work("t", obj())).isEmpty();
        save(doc("t"));
        save(doc("t"));
        assertThat(work("t", obj())).hasSize(1);
        assertThat(call("getWork", "t", obj())).isInstanceOf(JsonArray.class); // a bare string type is allowed
        assertThat(work("t", obj())).isEmpty();
        String delayed = save(doc("t").add("after", Ejson.date(T0.plusSeconds(10))));
        assertThat(work("t", obj())).isEmpty();
        assertThat(status(delayed)).isEqualTo("waiting");
    }

    @Test
    void getWorkWithoutWorkTimeoutClearsAnOldOne() {
        start();
        String id = save(doc("t").add("retries", 5).add("retryWait", 0));
        String runId = ((JsonArray) call("getWork", arr("t"), obj().add("workTimeout", 500)))
                .getJsonObject(0).getString("runId");
        call("jobFail", id, runId, obj(), obj());
        assertThat(job(id).containsKey("workTimeout")).isTrue();
        server.promote();
        JsonObject d = work("t", obj()).getJsonObject(0);
        assertThat(d.containsKey("workTimeout")).isFalse();
        assertThat(d.containsKey("expiresAfter")).isFalse();
    }

    @Test
    void getWorkValidatesParameters() {
        start();
        save(doc("t"));
        assertMatchFailed("getWork", Json.createArrayBuilder().add(1), obj());
        assertMatchFailed("getWork", arr("t"), obj().add("maxJobs", 0));
        assertMatchFailed("getWork", arr("t"), obj().add("maxJobs", 1.5));
        assertMatchFailed("getWork", arr("t"), obj().add("workTimeout", 0));
        assertMatchFailed("getWork", arr("t"), obj().add("limit", 3));
        assertMatchFailed("getWork", 5, obj());
    }

    // ================================================================ getJob

    @Test
    void getJobAnswersDocArrayOrNull() {
        String a = save(doc("t"));
        String b = save(doc("t"));
        JsonValue single = call("getJob", a, obj());
        assertThat(single).isInstanceOf(JsonObject.class);
        assertThat(((JsonObject) single).containsKey("log")).isFalse();
        assertThat(((JsonObject) single).getString("_id")).isEqualTo(a);
        JsonValue withLog = call("getJob", a, obj().add("getLog", true));
        assertThat(((JsonObject) withLog).getJsonArray("log")).isNotEmpty();
        JsonValue many = call("getJob", arr(a, b, "nosuchjobxxxxxxxx"), obj());
        assertThat(many).isInstanceOf(JsonArray.class);
        assertThat((JsonArray) many).hasSize(2);
        assertThat(call("getJob", "nosuchjobxxxxxxxx", obj())).isEqualTo(JsonValue.NULL);
        assertThat(call("getJob", arr("nosuchjobxxxxxxxx"), obj())).isEqualTo(JsonValue.NULL);
        assertThat(call("getJob", arr(), obj())).isEqualTo(JsonValue.NULL);
        assertMatchFailed("getJob", a, obj().add("getLog", "yes"));
        assertMatchFailed("getJob", 17, obj());
    }

    @Test
    void getJobReturnsFailuresOnlyWhenAsked() {
        start();
        String id = save(doc("t").add("retries", 2));
        String runId = take("t");
        call("jobFail", id, runId, obj().add("value", "boom"), obj());
        assertThat(((JsonObject) call("getJob", id, obj())).containsKey("failures")).isFalse();
        JsonObject d = (JsonObject) call("getJob", id, obj().add("getFailures", true));
        assertThat(d.getJsonArray("failures").getJsonObject(0).getString("value")).isEqualTo("boom");
        assertThat(d.getJsonArray("failures").getJsonObject(0).getString("runId")).isEqualTo(runId);
    }

    // ================================================================ jobLog / jobProgress

    @Test
    void jobLogAppendsAndExtendsExpiry() {
        start();
        String id = save(doc("t"));
        String runId = ((JsonArray) call("getWork", arr("t"), obj().add("workTimeout", 1000))).getJsonObject(0).getString("runId");
        clock.advance(Duration.ofMillis(600));
        assertThat(call("jobLog", id, runId, "hello", obj().add("level", "warning").add("data", obj().add("k", 1))))
                .isEqualTo(JsonValue.TRUE);
        JsonObject j = job(id);
        JsonObject last = j.getJsonArray("log").getJsonObject(j.getJsonArray("log").size() - 1);
        assertThat(last.getString("message")).isEqualTo("hello");
        assertThat(last.getString("level")).isEqualTo("warning");
        assertThat(last.getJsonObject("data").getInt("k")).isEqualTo(1);
        assertThat(WireValues.date(j, "expiresAfter")).isEqualTo(T0.plusMillis(1600));
        assertThat(call("jobLog", id, JsonValue.NULL, "no run", obj())).isEqualTo(JsonValue.TRUE);
        assertThat(call("jobLog", "nosuchjobxxxxxxxx", JsonValue.NULL, "x", obj())).isEqualTo(JsonValue.FALSE);
        assertMatchFailed("jobLog", id, runId, "x", obj().add("level", "fatal"));
        assertMatchFailed("jobLog", id, runId, 5, obj());
        assertMatchFailed("jobLog", id, runId, "x", obj().add("data", "str"));
    }

    @Test
    void jobProgressUpdatesOnlyTheRunningRun() {
        start();
        String id = save(doc("t"));
        String runId = ((JsonArray) call("getWork", arr("t"), obj().add("workTimeout", 1000))).getJsonObject(0).getString("runId");
        clock.advance(Duration.ofMillis(300));
        assertThat(call("jobProgress", id, runId, 5, 20, obj())).isEqualTo(JsonValue.TRUE);
        JsonObject p = job(id).getJsonObject("progress");
        assertThat(p.getInt("completed")).isEqualTo(5);
        assertThat(p.getInt("total")).isEqualTo(20);
        assertThat(p.getInt("percent")).isEqualTo(25);
        assertThat(WireValues.date(job(id), "expiresAfter")).isEqualTo(T0.plusMillis(1300));
        assertThat(call("jobProgress", id, "otherrunxxxxxxxxx", 5, 20, obj())).isEqualTo(JsonValue.FALSE);
        assertMatchFailed("jobProgress", id, runId, 30, 20, obj());
        assertMatchFailed("jobProgress", id, runId, -1, 20, obj());
        assertMatchFailed("jobProgress", id, runId, 1, 0, obj());
        assertMatchFailed("jobProgress", id, JsonValue.NULL, 1, 2, obj());
        assertMatchFailed("jobProgress", id, runId, 1, 2, obj().add("x", 1));
    }

    // ================================================================ jobDone

    @Test
    void jobDoneCompletesTheRunningJob() {
        start();
        String id = save(doc("t"));
        String runId = take("t");
        clock.advance(Duration.ofSeconds(1));
        assertThat(call("jobDone", id, "wrongrunxxxxxxxxx", obj(), obj())).isEqualTo(JsonValue.FALSE);
        assertThat(call("jobDone", id, runId, obj().add("answer", 42), obj())).isEqualTo(JsonValue.TRUE);
        JsonObject j = job(id);
        assertThat(j.getString("status")).isEqualTo("completed");
        assertThat(j.getJsonObject("result").getInt("answer")).isEqualTo(42);
        assertThat(j.getJsonObject("progress").getInt("percent")).isEqualTo(100);
        JsonObject last = j.getJsonArray("log").getJsonObject(j.getJsonArray("log").size() - 1);
        assertThat(last.getString("message")).isEqualTo("Job Completed");
        assertThat(last.getString("level")).isEqualTo("success");
        assertThat(last.getString("runId")).isEqualTo(runId);
        // a second done finds no running job
        assertThat(call("jobDone", id, runId, obj(), obj())).isEqualTo(JsonValue.FALSE);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(ServerJobEvent.Completed.class));
    }

    @Test
    void jobDoneValidatesParameters() {
        start();
        String id = save(doc("t"));
        String runId = take("t");
        assertMatchFailed("jobDone", id, runId, "result", obj());
        assertMatchFailed("jobDone", id, runId, obj(), obj().add("repeatId", 1));
        assertMatchFailed("jobDone", id, runId, obj(), obj().add("delayDeps", -5));
        assertMatchFailed("jobDone", id, JsonValue.NULL, obj(), obj());
        assertThat(status(id)).isEqualTo("running");
    }

    @Test
    void jobDoneResolvesDependentsAndPromotesThemWithDelayDeps() {
        start();
        String a = save(doc("a"));
        String b = save(doc("b").add("depends", arr(a)));
        String c = save(doc("c").add("depends", arr(a)));
        assertThat(status(b)).isEqualTo("waiting");
        String runId = take("a");
        assertThat(call("jobDone", a, runId, obj(), obj())).isEqualTo(JsonValue.TRUE);
        assertThat(status(b)).isEqualTo("ready");
        assertThat(status(c)).isEqualTo("ready");
        assertThat(job(b).getJsonArray("depends")).isEmpty();
        assertThat(job(b).getJsonArray("resolved")).containsExactly(Json.createValue(a));

        String x = save(doc("x"));
        String y = save(doc("y").add("depends", arr(x)));
        String rx = take("x");
        call("jobDone", x, rx, obj(), obj().add("delayDeps", 5000));
        assertThat(status(y)).isEqualTo("waiting");
        assertThat(WireValues.date(job(y), "after")).isEqualTo(T0.plusSeconds(5));
        clock.advance(Duration.ofSeconds(5));
        server.promote();
        assertThat(status(y)).isEqualTo("ready");
    }

    @Test
    void jobDoneRepeatsWithMillisecondWaitAndAnswersRepeatIdWhenAsked() {
        start();
        String id = save(doc("r").add("repeats", 2).add("repeatWait", 60000).add("retries", 3).add("repeatRetries", 3));
        String runId = take("r");
        JsonValue r = call("jobDone", id, runId, obj(), obj().add("repeatId", true));
        assertThat(r).isInstanceOf(JsonString.class);
        String next = ((JsonString) r).getString();
        assertThat(next).isNotEqualTo(id);
        JsonObject n = job(next);
        assertThat(n.getString("status")).isEqualTo("waiting");
        assertThat(WireValues.date(n, "after")).isEqualTo(T0.plusSeconds(60));
        assertThat(n.getInt("repeats")).isEqualTo(1);
        assertThat(n.getInt("repeated")).isEqualTo(1);
        assertThat(n.getInt("retries")).isEqualTo(3);
        assertThat(n.getInt("retried")).isZero();
        assertThat(n.containsKey("result")).isFalse();
        assertThat(logMessages(next)).containsExactly("Rerunning job");
        clock.advance(Duration.ofSeconds(60));
        server.promote();
        assertThat(status(next)).isEqualTo("ready");
        String run2 = take("r");
        // without repeatId the answer is true
        assertThat(call("jobDone", next, run2, obj(), obj())).isEqualTo(JsonValue.TRUE);
        assertThat(server.size()).isEqualTo(3);
        String third = server.store().idsByStatus("waiting").iterator().next();
        String run3;
        clock.advance(Duration.ofSeconds(60));
        server.promote();
        run3 = take("r");
        call("jobDone", third, run3, obj(), obj());
        assertThat(server.size()).isEqualTo(3); // repeats exhausted
    }

    @Test
    void jobDoneDoesNotRepeatPastRepeatUntil() {
        start();
        String id = save(doc("r").add("repeats", 5).add("repeatWait", 60000)
                .add("repeatUntil", Ejson.date(T0.plusSeconds(30))));
        String runId = take("r");
        assertThat(call("jobDone", id, runId, obj(), obj().add("repeatId", true))).isEqualTo(JsonValue.TRUE);
        assertThat(server.size()).isEqualTo(1);
    }

    @Test
    void jobDoneRepeatsOnTheNextScheduledOccurrence() {
        start();
        JsonObject every5min = obj().add("schedules", Json.createArrayBuilder().add(obj()
                .add("m", Json.createArrayBuilder().add(0).add(5).add(10).add(15).add(20).add(25).add(30)
                        .add(35).add(40).add(45).add(50).add(55)))).build();
        clock.set(Instant.parse("2026-01-01T00:03:00Z"));
        String id = save(doc("s").add("repeatWait", every5min).add("repeats", 3));
        assertThat(WireValues.date(job(id), "after")).isEqualTo(Instant.parse("2026-01-01T00:05:00Z"));
        clock.set(Instant.parse("2026-01-01T00:05:00.200Z"));
        server.promote();
        String runId = take("s");
        clock.set(Instant.parse("2026-01-01T00:09:59.800Z"));
        // next occurrence is only 200 ms away: the one after it is used
        String next = ((JsonString) call("jobDone", id, runId, obj(), obj().add("repeatId", true))).getString();
        assertThat(WireValues.date(job(next), "after")).isEqualTo(Instant.parse("2026-01-01T00:15:00Z"));
        assertThat(job(next).getJsonObject("repeatWait")).isEqualTo(every5min);
    }

    // ================================================================ jobFail

    @Test
    void jobFailRetriesWithConstantBackoff() {
        start();
        String id = save(doc("t").add("retries", 2).add("retryWait", 5000));
        String runId = take("t");
        assertThat(call("jobFail", id, runId, obj().add("value", "oops"), obj())).isEqualTo(JsonValue.TRUE);
        JsonObject j = job(id);
        assertThat(j.getString("status")).isEqualTo("waiting");
        assertThat(j.get("runId")).isEqualTo(JsonValue.NULL);
        assertThat(WireValues.date(j, "after")).isEqualTo(T0.plusSeconds(5));
        assertThat(j.getJsonArray("failures")).hasSize(1);
        assertThat(logMessages(id)).last().isEqualTo("Job Failed with Error: oops.");
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(ServerJobEvent.Retrying.class));
        clock.advance(Duration.ofSeconds(5));
        server.promote();
        String run2 = take("t");
        assertThat(run2).isNotEqualTo(runId);
        assertThat(call("jobFail", id, run2, obj(), obj())).isEqualTo(JsonValue.TRUE);
        assertThat(status(id)).isEqualTo("failed"); // retries exhausted
        assertThat(logMessages(id)).last().isEqualTo("Job Failed with Fatal Error.");
        assertThat(call("jobFail", id, run2, obj(), obj())).isEqualTo(JsonValue.FALSE);
    }

    @Test
    void jobFailUsesExponentialBackoff() {
        start();
        String id = save(doc("t").add("retries", 5).add("retryWait", 1000).add("retryBackoff", "exponential"));
        long[] expected = {1000, 2000, 4000};
        for (long wait : expected) {
            String runId = take("t");
            Instant now = clock.instant();
            call("jobFail", id, runId, obj(), obj());
            assertThat(WireValues.date(job(id), "after")).isEqualTo(now.plusMillis(wait));
            clock.advance(Duration.ofMillis(wait));
            server.promote();
        }
    }

    @Test
    void jobFailComparesRetryUntilWithTheNextAttempt() {
        start();
        String id = save(doc("t").add("retries", 5).add("retryWait", 10000)
                .add("retryUntil", Ejson.date(T0.plusSeconds(9))));
        String runId = take("t");
        call("jobFail", id, runId, obj(), obj());
        assertThat(status(id)).isEqualTo("failed");
        String ok = save(doc("u").add("retries", 5).add("retryWait", 10000)
                .add("retryUntil", Ejson.date(T0.plusSeconds(10))));
        call("jobFail", ok, take("u"), obj(), obj());
        assertThat(status(ok)).isEqualTo("waiting");
    }

    @Test
    void fatalFailureFailsAndCancelsDependents() {
        start();
        String a = save(doc("a").add("retries", 5));
        String b = save(doc("b").add("depends", arr(a)));
        String c = save(doc("c").add("depends", arr(b)));
        String runId = take("a");
        assertThat(call("jobFail", a, runId, obj().add("value", "bad"), obj().add("fatal", true))).isEqualTo(JsonValue.TRUE);
        assertThat(status(a)).isEqualTo("failed");
        assertThat(status(b)).isEqualTo("cancelled");
        assertThat(status(c)).isEqualTo("cancelled");
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(ServerJobEvent.Failed.class,
                f -> assertThat(f.fatal()).isTrue()));
        assertMatchFailed("jobFail", a, runId, "err", obj());
        assertMatchFailed("jobFail", a, runId, obj(), obj().add("fatal", "yes"));
    }

    // ================================================================ pause / resume / remove

    @Test
    void pauseResumeAndRemoveHonourTheirStatuses() {
        start();
        String ready = save(doc("t"));
        String waiting = save(doc("t").add("after", Ejson.date(T0.plusSeconds(60))));
        assertThat(call("jobPause", arr(ready, waiting), obj())).isEqualTo(JsonValue.TRUE);
        assertThat(status(ready)).isEqualTo("paused");
        assertThat(status(waiting)).isEqualTo("paused");
        assertThat(call("jobPause", ready, obj())).isEqualTo(JsonValue.FALSE);
        assertThat(work("t", obj())).isEmpty();
        assertThat(call("jobResume", arr(ready, waiting), obj())).isEqualTo(JsonValue.TRUE);
        assertThat(status(ready)).isEqualTo("ready");
        assertThat(status(waiting)).isEqualTo("waiting");
        assertThat(logMessages(ready)).contains("Job Paused", "Job Resumed");
        assertThat(call("jobResume", ready, obj())).isEqualTo(JsonValue.FALSE);
        assertThat(call("jobRemove", ready, obj())).isEqualTo(JsonValue.FALSE);
        String runId = take("t");
        assertThat(call("jobPause", ready, obj())).isEqualTo(JsonValue.FALSE); // running is not pausable
        call("jobDone", ready, runId, obj(), obj());
        assertThat(call("jobRemove", arr(ready, waiting), obj())).isEqualTo(JsonValue.TRUE);
        assertThat(server.job(ready)).isEmpty();
        assertThat(server.job(waiting)).isPresent();
        assertThat(call("jobRemove", arr(), obj())).isEqualTo(JsonValue.FALSE);
        assertMatchFailed("jobPause", ready, obj().add("x", 1));
        assertMatchFailed("jobRemove", 5, obj());
        assertMatchFailed("jobResume", arr(waiting), JsonValue.NULL);
    }

    // ================================================================ jobReady

    @Test
    void jobReadyWithIdsSetsAfterToNowAndHonoursTime() {
        String id = save(doc("t").add("after", Ejson.date(T0.plusSeconds(60))));
        assertThat(call("jobReady", id, obj())).isEqualTo(JsonValue.FALSE);
        assertThat(call("jobReady", id, obj().add("time", Ejson.date(T0.plusSeconds(60))))).isEqualTo(JsonValue.TRUE);
        assertThat(status(id)).isEqualTo("ready");
        assertThat(WireValues.date(job(id), "after")).isEqualTo(T0);
    }

    @Test
    void jobReadyWithoutIdsPromotesAllDueJobsWithoutTouchingAfter() {
        String a = save(doc("t").add("after", Ejson.date(T0.plusSeconds(10))));
        String b = save(doc("t").add("after", Ejson.date(T0.plusSeconds(20))));
        clock.advance(Duration.ofSeconds(15));
        assertThat(call("jobReady", arr(), obj())).isEqualTo(JsonValue.TRUE);
        assertThat(status(a)).isEqualTo("ready");
        assertThat(status(b)).isEqualTo("waiting");
        assertThat(WireValues.date(job(a), "after")).isEqualTo(T0.plusSeconds(10));
        assertThat(call("jobReady", arr(), obj())).isEqualTo(JsonValue.FALSE);
    }

    @Test
    void jobReadyForceDropsDependenciesWithoutResolvingThem() {
        String a = save(doc("a").add("after", Ejson.date(T0.plusSeconds(100))));
        String b = save(doc("b").add("depends", arr(a)));
        assertThat(call("jobReady", b, obj())).isEqualTo(JsonValue.FALSE);
        assertThat(call("jobReady", b, obj().add("force", true))).isEqualTo(JsonValue.TRUE);
        JsonObject j = job(b);
        assertThat(j.getString("status")).isEqualTo("ready");
        assertThat(j.getJsonArray("depends")).isEmpty();
        assertThat(j.getJsonArray("resolved")).isEmpty();
        assertThat(logMessages(b)).contains("Dependencies force resolved");
        assertMatchFailed("jobReady", b, obj().add("force", 1));
        assertMatchFailed("jobReady", b, obj().add("time", 5));
    }

    // ================================================================ cancel / restart

    @Test
    void cancelCascadesToDependentsByDefaultAndToAntecedentsWhenAsked() {
        start();
        String a = save(doc("a").add("after", Ejson.date(T0.plusSeconds(100))));
        String b = save(doc("b").add("depends", arr(a)));
        String c = save(doc("c").add("depends", arr(b)));
        assertThat(call("jobCancel", b, obj())).isEqualTo(JsonValue.TRUE);
        assertThat(status(a)).isEqualTo("waiting");
        assertThat(status(b)).isEqualTo("cancelled");
        assertThat(status(c)).isEqualTo("cancelled");
        assertThat(call("jobCancel", b, obj())).isEqualTo(JsonValue.FALSE);

        String x = save(doc("x").add("after", Ejson.date(T0.plusSeconds(100))));
        String y = save(doc("y").add("depends", arr(x)));
        String z = save(doc("z").add("depends", arr(y)));
        assertThat(call("jobCancel", y, obj().add("antecedents", true).add("dependents", false))).isEqualTo(JsonValue.TRUE);
        assertThat(status(x)).isEqualTo("cancelled");
        assertThat(status(y)).isEqualTo("cancelled");
        assertThat(status(z)).isEqualTo("waiting");
    }

    @Test
    void cancelOfARunningJobClearsRunIdAndProgress() {
        start();
        String id = save(doc("t"));
        String runId = take("t");
        call("jobProgress", id, runId, 1, 2, obj());
        assertThat(call("jobCancel", arr(id), obj().add("antecedents", true))).isEqualTo(JsonValue.TRUE);
        JsonObject j = job(id);
        assertThat(j.get("runId")).isEqualTo(JsonValue.NULL);
        assertThat(j.getJsonObject("progress").getInt("percent")).isZero();
        assertThat(call("jobDone", id, runId, obj(), obj())).isEqualTo(JsonValue.FALSE);
        assertThat(call("jobCancel", arr(), obj())).isEqualTo(JsonValue.FALSE);
        assertMatchFailed("jobCancel", id, obj().add("antecedents", "no"));
    }

    @Test
    void restartAddsRetriesCascadesOverAntecedentsByDefaultAndPromotes() {
        start();
        String a = save(doc("a"));
        String b = save(doc("b").add("depends", arr(a)));
        call("jobCancel", a, obj()); // cascades to b
        assertThat(status(b)).isEqualTo("cancelled");
        assertThat(call("jobRestart", b, obj().add("retries", 3)
                .add("until", Ejson.date(T0.plusSeconds(3600))))).isEqualTo(JsonValue.TRUE);
        assertThat(status(a)).isEqualTo("ready"); // antecedent restarted and promoted
        assertThat(status(b)).isEqualTo("waiting"); // still depends on a
        assertThat(job(b).getInt("retries")).isEqualTo(4);
        assertThat(WireValues.date(job(b), "retryUntil")).isEqualTo(T0.plusSeconds(3600));
        assertThat(job(a).getInt("retries")).isEqualTo(4);
        assertThat(logMessages(b)).contains("Job Restarted");
        assertThat(call("jobRestart", b, obj())).isEqualTo(JsonValue.FALSE); // waiting is not restartable
    }

    @Test
    void restartCascadesToDependentsWhenAsked() {
        start();
        String a = save(doc("a"));
        String b = save(doc("b").add("depends", arr(a)));
        call("jobCancel", a, obj());
        assertThat(call("jobRestart", a, obj().add("dependents", false))).isEqualTo(JsonValue.TRUE);
        assertThat(status(b)).isEqualTo("cancelled");
        call("jobCancel", a, obj().add("dependents", false));
        assertThat(call("jobRestart", a, obj().add("dependents", true))).isEqualTo(JsonValue.TRUE);
        assertThat(status(a)).isEqualTo("ready");
        assertThat(status(b)).isEqualTo("waiting");
        assertMatchFailed("jobRestart", a, obj().add("retries", -1));
        assertMatchFailed("jobRestart", a, obj().add("until", "tomorrow"));
    }

    // ================================================================ rerun

    @Test
    void rerunCopiesACompletedJobAsANewWaitingJob() {
        start();
        String id = save(doc("t").add("retries", 2).add("repeatRetries", 2));
        String runId = take("t");
        call("jobDone", id, runId, obj().add("r", 1), obj());
        JsonValue r = call("jobRerun", id, obj().add("repeats", 0).add("wait", 2000));
        String copy = ((JsonString) r).getString();
        JsonObject j = job(copy);
        assertThat(j.getString("status")).isEqualTo("waiting");
        assertThat(j.getString("type")).isEqualTo("t");
        assertThat(WireValues.date(j, "after")).isEqualTo(T0.plusSeconds(2));
        assertThat(j.getInt("retries")).isEqualTo(2);
        assertThat(j.containsKey("result")).isFalse();
        assertThat(j.getJsonArray("log").getJsonObject(0).getJsonObject("data").getJsonObject("previousJob").getString("id"))
                .isEqualTo(id);
        assertThat(status(id)).isEqualTo("completed");
        assertThat(call("jobRerun", copy, obj().add("wait", 0))).isEqualTo(JsonValue.FALSE);
        assertThat(call("jobRerun", "nosuchjobxxxxxxxx", obj().add("wait", 0))).isEqualTo(JsonValue.FALSE);
        assertMatchFailed("jobRerun", id, obj().add("repeats", 1)); // wait is required when options are sent
        assertMatchFailed("jobRerun", id, obj().add("wait", -1));
    }

    // ================================================================ expiry and shutdown

    @Test
    void promotionFailsRunningJobsPastTheirWorkTimeout() {
        start();
        String id = save(doc("t").add("retries", 1));
        call("getWork", arr("t"), obj().add("workTimeout", 1000));
        clock.advance(Duration.ofMillis(1000));
        server.promote();
        assertThat(status(id)).isEqualTo("running"); // expiresAfter < now is required
        clock.advance(Duration.ofMillis(1));
        server.promote();
        assertThat(status(id)).isEqualTo("failed");
        assertThat(logMessages(id)).last().isEqualTo("Job Failed with Fatal Error: Failed for exceeding worker set workTimeout.");
    }

    @Test
    void promotionDoesNothingWhileStopped() {
        String id = save(doc("t").add("after", Ejson.date(T0.plusSeconds(1))));
        clock.advance(Duration.ofSeconds(2));
        server.promote();
        assertThat(status(id)).isEqualTo("waiting");
        start();
        assertThat(status(id)).isEqualTo("ready");
    }

    @Test
    void validationFailuresChangeNothingAcrossMethods() {
        start();
        String id = save(doc("t"));
        String runId = take("t");
        assertMatchFailed("jobDone", id, runId, JsonValue.NULL, obj());
        assertMatchFailed("jobFail", id, 12, obj(), obj());
        assertMatchFailed("jobLog", id, runId, "m", JsonValue.NULL);
        assertMatchFailed("jobProgress", id, runId, "1", 2, obj());
        assertMatchFailed("jobCancel", Json.createArrayBuilder().add(id).add(3), obj());
        assertMatchFailed("jobPause", id, obj().add("unknown", true));
        assertMatchFailed("jobRemove", JsonValue.NULL, obj());
        assertThat(status(id)).isEqualTo("running");
    }

    @Test
    void objectIdIdsAreAcceptedButMatchNoJob() {
        JsonObject oid = obj().add("$type", "oid").add("$value", "0123456789abcdef01234567").build();
        assertThat(call("getJob", oid, obj())).isEqualTo(JsonValue.NULL);
        assertThat(call("jobPause", oid, obj())).isEqualTo(JsonValue.FALSE);
    }

    // ================================================================ events

    @Test
    void lifecycleEventsAreDeliveredInOrderWithoutJobData() {
        start();
        events.clear();
        String id = save(doc("t").add("retries", 2).add("retryWait", 0));
        String run1 = take("t");
        call("jobProgress", id, run1, 1, 2, obj());
        call("jobLog", id, run1, "hi", obj());
        call("jobFail", id, run1, obj(), obj());
        server.promote();
        String run2 = take("t");
        call("jobDone", id, run2, obj(), obj());
        call("jobRemove", id, obj());
        String other = save(doc("u").add("after", Ejson.date(T0.plusSeconds(9))));
        call("jobPause", other, obj());
        call("jobResume", other, obj());
        call("jobCancel", other, obj());
        call("jobRestart", other, obj());
        assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsExactly(
                "Saved", "Promoted", "Running", "Progress", "Logged", "Retrying", "Promoted", "Running", "Completed",
                "Removed", "Saved", "Paused", "Resumed", "Cancelled", "Restarted");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.root()).isEqualTo("jobPile");
            assertThat(e.time()).isEqualTo(T0);
        });
        assertThat(events.get(0).jobId()).isEqualTo(id);
        assertThat(events.get(0).type()).isEqualTo("t");
    }

    @Test
    void aFailingListenerDoesNotBreakTheCall() {
        server.addListener(e -> {
            throw new IllegalStateException("listener bug");
        });
        String id = save(doc("t"));
        assertThat(status(id)).isEqualTo("ready");
    }
}
