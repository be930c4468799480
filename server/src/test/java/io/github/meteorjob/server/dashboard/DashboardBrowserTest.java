package io.github.meteorjob.server.dashboard;

import io.github.meteorjob.server.EmbeddedJobServer;
import io.github.meteorjob.server.ReferenceJobDoc;
import io.github.meteorjob.server.jobs.JobCollectionServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard end to end in headless Chromium against a real server: log in, find a failed job, read
 * its failure, restart it, watch it complete — live, without reloading the page. Saves the README's
 * screenshots into target/dashboard-screenshots (docs/images with -Ddashboard.screenshots=docs). Run with {@code ./mvnw -B -P browser -pl server verify}.
 */
@Tag("browser")
class DashboardBrowserTest {

    private static final String FAILURE = "SMTP 554: mailbox unavailable for someone@example.org";

    private EmbeddedJobServer server;
    private Browser browser;

    @BeforeEach
    void openBrowser() {
        browser = Browser.open();
    }

    private void start(boolean queryExtension) {
        server = EmbeddedJobServer.builder().dashboard(true).queryExtension(queryExtension)
                .user("ops", "ops-password", "manager")
                .user("boss", "boss-password", "admin")
                .user("eve", "eve-password", "viewer")
                .start();
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aManagerFindsAFailedJobReadsItsFailureRestartsItAndWatchesItComplete() throws Exception {
        start(true);
        JobCollectionServer queue = server.collection();
        for (int i = 0; i < 6; i++) {
            save(queue, i % 3 == 0 ? "report" : "email", i);
        }
        String failed = save(queue, "email", 99);
        // a worker takes the jobs of the type and fails the one, completes another
        work(queue, "email", failed, FAILURE, false);
        work(queue, "report", null, null, true);

        browser.get(server.dashboardUrl());
        browser.find("#username").sendKeys("ops");
        browser.find("#password").sendKeys("wrong password");
        browser.click("#login-submit");
        browser.until(d -> browser.text("#login-error").contains("check your credentials") ? true : null, "a refused login");
        browser.find("#password").clear();
        browser.find("#password").sendKeys("ops-password");
        browser.click("#login-submit");

        // overview: live counts by status per collection and type
        browser.until(d -> browser.text("#who").startsWith("ops") ? true : null, "logged in as ops");
        browser.until(d -> count("section[data-root=queue] .totals", "failed") == 1 ? true : null, "one failed job counted");
        assertThat(count("section[data-root=queue] .totals", "completed")).isEqualTo(queue.store().idsByStatus("completed").size());
        assertThat(browser.driver.getPageSource()).doesNotContain("ops-password");
        // jobs finishing while the page is open move the throughput sparkline
        for (int i = 0; i < 3; i++) {
            save(queue, "report", 10 + i);
            work(queue, "report", null, null, true);
        }
        int completed = queue.store().idsByStatus("completed").size();
        browser.until(d -> count("section[data-root=queue] .totals", "completed") == completed ? true : null, "the new completions");
        browser.until(d -> {
            String points = browser.attribute("section[data-root=queue] tr[data-type=report] svg.spark-done polyline", "points");
            // a point above the baseline (y = 27.0 is zero jobs)
            return points != null && java.util.Arrays.stream(points.split(" ")).anyMatch(p -> !p.endsWith(",27.0")) ? true : null;
        }, "a rise in the report sparkline");
        browser.screenshot("dashboard-overview.png");

        // the job table, filtered to failed jobs
        browser.click("nav a[data-root=queue]");
        waitForTable();
        assertThat(browser.attribute("#jobs", "data-total")).isEqualTo("10");
        new Select(browser.find("#filter-status")).selectByValue("failed");
        browser.until(d -> "1".equals(browser.attribute("#jobs", "data-total"))
                && "ready".equals(browser.attribute("#jobs", "data-state")) ? true : null, "the failed jobs only");
        assertThat(browser.attribute("#jobs tbody tr", "data-id")).isEqualTo(failed);
        browser.screenshot("dashboard-jobs.png");

        // the job: its failure, then restart it
        browser.click("#jobs tbody tr[data-id='" + failed + "'] td.id a");
        browser.until(d -> browser.text("#job-failures").contains(FAILURE) ? true : null, "the failure on the job's page");
        assertThat(browser.text("#job-status")).isEqualTo("failed");
        browser.screenshot("dashboard-job-failed.png");
        browser.click("#job-actions button[data-action=restart]");
        // job-collection keeps a restarted job waiting until its retry wait (5 min here) has passed: hurry it
        browser.until(d -> "waiting".equals(browser.text("#job-status")) ? true : null, "the job restarted");
        assertThat(queue.job(failed).orElseThrow().getString("status")).isEqualTo("waiting");
        browser.click("#job-actions button[data-action=ready]");
        browser.until(d -> "ready".equals(browser.text("#job-status")) ? true : null, "the job ready");

        // a worker runs it again; the page follows without a reload
        Object marker = browser.driver.executeScript("return (window.__marker = Math.random());");
        work(queue, "email", failed, null, true);
        browser.until(d -> "completed".equals(browser.text("#job-status")) ? true : null, "the job completed, live");
        assertThat(browser.driver.executeScript("return window.__marker;")).isEqualTo(marker);
        assertThat(browser.text("#job-result")).contains("delivered");
        browser.screenshot("dashboard-job-completed.png");
        assertThat(browser.log()).doesNotContain("SEVERE");
    }

    @Test
    void anActionOnASelectionIsOneCallAndTheCountsFollowLive() throws Exception {
        start(true);
        JobCollectionServer queue = server.collection();
        for (int i = 0; i < 5; i++) {
            save(queue, "thumbnail", i);
        }
        browser.get(server.dashboardUrl() + "#/c/queue");
        login("boss", "boss-password");
        waitForTable();
        browser.until(d -> browser.all("#jobs tbody tr[data-status]").size() == 5 ? true : null, "five rows");
        browser.click("#select-page");
        assertThat(browser.text("#selected-count")).isEqualTo("5 selected");
        browser.click("#selection button[data-action=pause]");
        browser.until(d -> browser.all("#jobs tbody tr[data-status=paused]").size() == 5 ? true : null, "five paused rows");
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.store().idsByStatus("paused").size() == 5);
        browser.until(d -> count("#counts", "paused") == 5 ? true : null, "the counts say five paused");

        // the connection drops: the page reconnects, logs in again with its resume token, renews its
        // subscriptions, and goes on following; a job created meanwhile shows up without a reload
        browser.driver.executeScript("window.meteorJobDashboard.ddp.ws.close();");
        save(queue, "thumbnail", 6);
        browser.until(d -> Long.valueOf(2).equals(browser.driver.executeScript("return window.meteorJobDashboard.ddp.connections;"))
                && "connected".equals(browser.text("#connection")) ? true : null, "a second connection");
        browser.until(d -> count("#counts", "waiting") + count("#counts", "ready") == 1 ? true : null, "the new job counted");
        browser.until(d -> browser.all("#jobs tbody tr[data-status]").size() == 6 ? true : null, "the new job listed");
    }

    @Test
    void aViewerSeesJobsButNoActionsOnTheLocalhostName() throws Exception {
        start(true);
        JobCollectionServer queue = server.collection();
        String id = save(queue, "email", 1);
        // the page's own origin is http://localhost:PORT here, the server bound to 127.0.0.1: the upgrade is admitted
        browser.get("http://localhost:" + server.port() + "/#/c/queue");
        login("eve", "eve-password");
        waitForTable();
        browser.until(d -> browser.all("#jobs tbody tr[data-id='" + id + "']").size() == 1 ? true : null, "the job listed");
        assertThat(browser.all("#jobs input[type=checkbox]")).isEmpty();
        assertThat(browser.all("#selection button")).isEmpty();
        browser.click("#jobs tbody tr[data-id='" + id + "'] td.id a");
        browser.until(d -> browser.text("#job-log").contains("Constructed") ? true : null, "the job's log");
        assertThat(browser.all("#job-actions button")).isEmpty();
        assertThat(browser.text("#who")).isEqualTo("eve (viewer)");
    }

    @Test
    void withoutTheQueryExtensionThePageSaysSoAndStillWorksOnASmallQueue() throws Exception {
        start(false);
        JobCollectionServer queue = server.collection();
        for (int i = 0; i < 3; i++) {
            save(queue, "email", i);
        }
        browser.get(server.dashboardUrl());
        login("ops", "ops-password");
        browser.until(d -> browser.text("#notice").contains("this server has no job query extension") ? true : null,
                "the missing extension named");
        browser.until(d -> count("section[data-root=queue] .totals", "ready") == 3 ? true : null, "three ready jobs counted");
        browser.click("nav a[data-root=queue]");
        waitForTable();
        browser.until(d -> "3".equals(browser.attribute("#jobs", "data-total")) ? true : null, "three jobs listed");
    }

    @Test
    void aJobTypeNamedStarIsARowOfItsOwnApartFromTheTotals() throws Exception {
        start(true);
        JobCollectionServer queue = server.collection();
        save(queue, "*", 1);
        save(queue, "*", 2);
        save(queue, "email", 3);
        browser.get(server.dashboardUrl());
        login("ops", "ops-password");
        browser.until(d -> count("section[data-root=queue] .totals", "ready") == 3 ? true : null, "three ready jobs in all");
        browser.until(d -> count("section[data-root=queue] tr[data-type='*']", "ready") == 2 ? true : null, "two in the row of type *");
        assertThat(count("section[data-root=queue] tr.all-types", "ready")).isEqualTo(3);
        assertThat(count("section[data-root=queue] tr[data-type=email]", "ready")).isEqualTo(1);
        assertThat(browser.text("section[data-root=queue] tr.all-types td")).isEqualTo("all types");
    }

    private void login(String user, String password) {
        browser.find("#username").sendKeys(user);
        browser.find("#password").sendKeys(password);
        browser.click("#login-submit");
    }

    private void waitForTable() {
        browser.until(d -> "ready".equals(browser.attribute("#jobs", "data-state")) ? true : null, "the job table");
    }

    /** The number in the count badge of a status under {@code scope}. */
    private int count(String scope, String status) {
        String n = browser.textOrNull(scope + " .count[data-status=" + status + "] b");
        return n == null ? -1 : Integer.parseInt(n.replace(",", ""));
    }

    private static String save(JobCollectionServer queue, String type, int n) {
        JsonObject doc = ReferenceJobDoc.of(type).add("data", Json.createObjectBuilder().add("n", n)).build();
        return ((JsonString) queue.call("jobSave", Json.createArrayBuilder().add(doc).add(JsonValue.EMPTY_JSON_OBJECT).build())).getString();
    }

    /** Takes jobs of the type until {@code id} (null: any) comes, then fails or completes it. */
    private static void work(JobCollectionServer queue, String type, String id, String failure, boolean done) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonArray got = (JsonArray) queue.call("getWork", Json.createArrayBuilder()
                    .add(Json.createArrayBuilder().add(type)).add(Json.createObjectBuilder().add("maxJobs", 1)).build());
            for (JsonValue v : got) {
                JsonObject job = v.asJsonObject();
                String jobId = job.getString("_id");
                String runId = job.getString("runId");
                if (id != null && !id.equals(jobId)) {
                    finish(queue, jobId, runId, null);
                    continue;
                }
                queue.call("jobProgress", Json.createArrayBuilder().add(jobId).add(runId).add(50).add(100)
                        .add(JsonValue.EMPTY_JSON_OBJECT).build());
                queue.call("jobLog", Json.createArrayBuilder().add(jobId).add(runId).add("sending the message")
                        .add(Json.createObjectBuilder().add("level", "info")).build());
                finish(queue, jobId, runId, done ? null : failure);
                return true;
            }
            return false;
        });
    }

    private static void finish(JobCollectionServer queue, String id, String runId, String failure) {
        if (failure == null) {
            queue.call("jobDone", Json.createArrayBuilder().add(id).add(runId)
                    .add(Json.createObjectBuilder().add("status", "delivered")).add(JsonValue.EMPTY_JSON_OBJECT).build());
        } else {
            queue.call("jobFail", Json.createArrayBuilder().add(id).add(runId)
                    .add(Json.createObjectBuilder().add("message", failure)).add(Json.createObjectBuilder().add("fatal", false)).build());
        }
    }
}
