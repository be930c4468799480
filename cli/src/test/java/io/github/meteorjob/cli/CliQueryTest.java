package io.github.meteorjob.cli;

import io.github.meteorjob.Job;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ls} and {@code stats} against a meteor-job server with the job query extension. */
class CliQueryTest extends CliServerTest {

    private static List<String> aIds;
    private static Job b;

    @BeforeAll
    static void fill() throws Exception {
        aIds = Stream.of(client.create("ls-a"), client.create("ls-a"), client.create("ls-a")).map(Job::id).toList();
        b = client.create("ls-b");
        assertThat(client.queue.pauseJobs(List.of(aIds.get(0))).toCompletableFuture().get()).isTrue();
    }

    @Test
    void lsPrintsATableOfTheMatchingJobsAndTheTotalOnStderr() {
        CliRun r = cli("ls", "--type", "ls-a");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).matches("ID\\s+TYPE\\s+STATUS\\s+PRIORITY\\s+RETRIED\\s+UPDATED\\s+PROGRESS");
        assertThat(lines).hasSize(4);
        assertThat(lines.subList(1, 4)).allMatch(l -> l.matches("\\S+\\s+ls-a\\s+(ready|paused)\\s+0\\s+0\\s+\\S+Z\\s+0%"));
        assertThat(r.out()).contains(aIds.get(0), aIds.get(1), aIds.get(2)).doesNotContain(b.id());
        assertThat(r.err()).contains("jobs 1-3 of 3");
        // newest update first: the paused job changed last
        assertThat(lines.get(1)).startsWith(aIds.get(0));
    }

    @Test
    void lsJsonHasTheTotalAndDocumentsWithIsoDatesWithoutLog() {
        CliRun r = cli("--json", "ls", "--type", "ls-a", "--status", "paused");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonObject page = json(r.out());
        assertThat(page.getInt("total")).isEqualTo(1);
        JsonObject doc = page.getJsonArray("jobs").getJsonObject(0);
        assertThat(doc.getString("_id")).isEqualTo(aIds.get(0));
        assertThat(doc.getString("status")).isEqualTo("paused");
        assertThat(doc.getString("updated")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(doc).doesNotContainKey("log");
    }

    @Test
    void lsSortsPagesAndFindsText() {
        CliRun sorted = cli("ls", "--type", "ls-a", "--sort", "_id", "--asc", "--limit", "2", "--skip", "1");
        assertThat(sorted.exitCode()).as(sorted.toString()).isZero();
        List<String> ids = aIds.stream().sorted().toList();
        List<String> shown = sorted.out().lines().skip(1).map(l -> l.split("\\s+")[0]).toList();
        assertThat(shown).containsExactly(ids.get(1), ids.get(2));
        assertThat(sorted.err()).contains("jobs 2-3 of 3");

        CliRun text = cli("--json", "ls", "--text", "LS-B");
        assertThat(json(text.out()).getJsonArray("jobs").stream().map(v -> v.asJsonObject().getString("_id"))
                .collect(Collectors.toList())).containsExactly(b.id());

        CliRun old = cli("ls", "--created-before", "2000-01-01");
        assertThat(old.exitCode()).isZero();
        assertThat(old.err()).contains("no jobs match (0 in all)");
        CliRun recent = cli("--json", "ls", "--created-after", "1h", "--type", "ls-a,ls-b");
        assertThat(json(recent.out()).getInt("total")).isEqualTo(4);

        assertThat(cli("ls", "--limit", "1001").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli("ls", "--created-after", "yesterday").err()).contains("--created-after").contains("yesterday");
    }

    @Test
    void statsCountsPerTypeAndStatus() {
        CliRun r = cli("--json", "stats", "--type", "ls-a", "--type", "ls-b");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonObject counts = json(r.out());
        assertThat(counts.getInt("total")).isEqualTo(4);
        assertThat(counts.getJsonObject("byStatus").getInt("paused")).isEqualTo(1);
        assertThat(counts.getJsonObject("byStatus").getInt("ready")).isEqualTo(3);
        assertThat(counts.getJsonObject("byType").getJsonObject("ls-a").getInt("ready")).isEqualTo(2);
        assertThat(counts.getJsonObject("byType").getJsonObject("ls-b").getInt("ready")).isEqualTo(1);

        CliRun table = cli("stats", "--type", "ls-a,ls-b");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out().lines().toList()).satisfiesExactly(
                header -> assertThat(header).matches("TYPE\\s+WAITING\\s+PAUSED\\s+READY\\s+RUNNING\\s+FAILED\\s+CANCELLED\\s+COMPLETED\\s+TOTAL"),
                a -> assertThat(a).matches("ls-a\\s+0\\s+1\\s+2\\s+0\\s+0\\s+0\\s+0\\s+3"),
                bRow -> assertThat(bRow).matches("ls-b\\s+0\\s+0\\s+1\\s+0\\s+0\\s+0\\s+0\\s+1"),
                rule -> assertThat(rule).matches("-+(\\s+-+){8}"),
                all -> assertThat(all).matches("\\(all types\\)\\s+0\\s+1\\s+3\\s+0\\s+0\\s+0\\s+0\\s+4"));
    }

    @Test
    void aTypeNamedStarIsARowOfItsOwnAboveTheTotals() throws Exception {
        client.create("*");
        client.create("*");

        CliRun table = cli("stats", "--type", "*,ls-b");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out().lines().toList()).satisfiesExactly(
                header -> assertThat(header).startsWith("TYPE"),
                star -> assertThat(star).matches("\\*\\s+0\\s+0\\s+2\\s+0\\s+0\\s+0\\s+0\\s+2"),
                bRow -> assertThat(bRow).matches("ls-b\\s+0\\s+0\\s+1\\s+0\\s+0\\s+0\\s+0\\s+1"),
                rule -> assertThat(rule).startsWith("----"),
                all -> assertThat(all).matches("\\(all types\\)\\s+0\\s+0\\s+3\\s+0\\s+0\\s+0\\s+0\\s+3"));

        JsonObject counts = json(cli("--json", "stats", "--type", "*").out());
        assertThat(counts.getInt("total")).isEqualTo(2);
        assertThat(counts.getJsonObject("byType").getJsonObject("*").getInt("ready")).isEqualTo(2);
    }
}
