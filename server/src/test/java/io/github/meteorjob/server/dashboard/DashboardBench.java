package io.github.meteorjob.server.dashboard;

import io.github.meteorjob.server.EmbeddedJobServer;
import io.github.meteorjob.server.ReferenceJobDoc;
import io.github.meteorjob.server.jobs.JobCollectionServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import org.openqa.selenium.support.ui.Select;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How the dashboard feels at a million jobs: fills an in-memory server with {@code jobs} jobs (10 types,
 * 1 % failed; created within seconds, so "updated" order is nearly the save order), opens the job table in headless Chromium and reports the first render and the time each
 * filter, sort and page change takes to show (the page's own measurement: query sent to rows drawn).
 *
 * <pre>
 * ./mvnw -B -q -o -pl server -am test-compile
 * ./mvnw -B -q -o -pl server dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -Xmx3g -cp server/target/classes:server/target/test-classes:$(cat /tmp/cp.txt) \
 *     io.github.meteorjob.server.dashboard.DashboardBench [jobs=1000000] [rounds=5]
 * </pre>
 */
public final class DashboardBench {

    /** One provider: {@code Json.create...} looks the provider up through ServiceLoader on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private DashboardBench() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().dashboard(true).start();
             Browser browser = Browser.open()) {
            JobCollectionServer queue = server.collection();
            long t0 = System.nanoTime();
            JsonObject template = ReferenceJobDoc.of("type-0", Instant.now()).build();
            for (int i = 0; i < jobs; i++) {
                var doc = JSON.createObjectBuilder(template).add("type", "type-" + (i % 10))
                        .add("priority", (i % 5) * 5 - 10).build();
                queue.call("jobSave", JSON.createArrayBuilder().add(doc).add(JsonValue.EMPTY_JSON_OBJECT).build());
                if (i % 100_000 == 99_999) {
                    System.out.printf("%,d saved after %.1f s%n", i + 1, (System.nanoTime() - t0) / 1e9);
                }
            }
            int failed = 0;
            while (failed < jobs / 100) {
                JsonArray got = (JsonArray) queue.call("getWork", JSON.createArrayBuilder()
                        .add(JSON.createArrayBuilder().add("type-3")).add(JSON.createObjectBuilder().add("maxJobs", 100)).build());
                if (got.isEmpty()) {
                    break;
                }
                for (JsonValue v : got) {
                    queue.call("jobFail", JSON.createArrayBuilder().add(v.asJsonObject().getString("_id"))
                            .add(v.asJsonObject().getString("runId")).add(JSON.createObjectBuilder().add("message", "bench"))
                            .add(JSON.createObjectBuilder().add("fatal", true)).build());
                    failed++;
                }
            }
            System.out.printf("filled %,d jobs (%,d failed) in %.1f s%n", queue.size(), failed, (System.nanoTime() - t0) / 1e9);

            List<Long> first = new ArrayList<>();
            List<Long> status = new ArrayList<>();
            List<Long> text = new ArrayList<>();
            List<Long> sort = new ArrayList<>();
            List<Long> page = new ArrayList<>();
            List<Long> overview = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                browser.get("about:blank");
                browser.get(server.dashboardUrl() + "#/");
                browser.until(d -> browser.textOrNull("section[data-root=queue] .totals .count[data-status=failed] b") != null
                        && !"0".equals(browser.textOrNull("section[data-root=queue] .totals .count[data-status=failed] b")) ? true : null, "counts");
                overview.add(((Number) browser.driver.executeScript("return Math.round(performance.now());")).longValue());

                browser.get("about:blank");
                browser.get(server.dashboardUrl() + "#/c/queue");
                first.add(Long.parseLong(waitReady(browser, 0, "at")));
                int serial = serial(browser);
                new Select(browser.find("#filter-status")).selectByValue("failed");
                status.add(Long.parseLong(waitReady(browser, serial, "ms")));
                serial = serial(browser);
                new Select(browser.find("#filter-status")).selectByValue("");
                waitReady(browser, serial, "ms");
                serial = serial(browser);
                browser.find("#filter-text").sendKeys("type-7");
                text.add(Long.parseLong(waitReady(browser, serial, "ms")));
                serial = serial(browser);
                browser.click("#jobs th[data-sort=priority]");
                sort.add(Long.parseLong(waitReady(browser, serial, "ms")));
                serial = serial(browser);
                browser.click("#page-next");
                page.add(Long.parseLong(waitReady(browser, serial, "ms")));
            }
            System.out.printf("jobs %,d, %d rounds, median (min..max) ms:%n", queue.size(), rounds);
            report("overview, navigation start to counts shown", overview);
            report("job table, navigation start to first page shown", first);
            report("filter status=failed", status);
            report("filter text 'type-7' (the type, by substring; ids by prefix)", text);
            report("sort by priority", sort);
            report("next page", page);
        }
    }

    private static int serial(Browser browser) {
        return Integer.parseInt(browser.attribute("#jobs", "data-serial"));
    }

    /** Waits for a query after number {@code before} to be drawn; returns its data-{@code what}. */
    private static String waitReady(Browser browser, int before, String what) {
        browser.until(d -> {
            String serial = browser.attribute("#jobs", "data-serial");
            return serial != null && Integer.parseInt(serial) > before
                    && "ready".equals(browser.attribute("#jobs", "data-state")) ? true : null;
        }, "a query after " + before);
        return browser.attribute("#jobs", "data-" + what);
    }

    private static void report(String what, List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        System.out.printf("  %-60s %6d (%d..%d)%n", what, sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1));
    }
}
