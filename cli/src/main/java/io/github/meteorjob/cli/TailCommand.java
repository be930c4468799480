package io.github.meteorjob.cli;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.GetJobOptions;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobLogEntry;
import io.github.meteorjob.ddp.ConnectionState;
import io.github.meteorjob.ddp.DocumentListener;
import io.github.meteorjob.ddp.Subscription;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code tail}: follows jobs and prints one line per status change and per new log entry until Ctrl-C. Live through
 * the publication {@code <root>.jobs} when the server has it (log entries are then fetched with {@code getJob} for
 * the jobs that changed, since the publication leaves out {@code log}); else polls {@code getJob}.
 */
@Command(name = "tail", description = {"Follows jobs: one line per status change and new log entry, until Ctrl-C (exit 0).",
        "Live through the <root>.jobs publication when the server has it, else polls getJob (IDs needed then)."})
final class TailCommand implements Callable<Integer> {

    @ParentCommand
    MeteorJobCommand top;

    @Parameters(arity = "0..*", paramLabel = "ID", description = "Jobs to follow (none: all jobs, or those of --type).")
    List<String> ids;

    @Option(names = "--type", paramLabel = "TYPE", split = ",", description = "Follow the jobs of this type, new ones included (repeatable).")
    List<String> types;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "2",
            description = "Polling interval when the server has no live feed (default: ${DEFAULT-VALUE}).")
    double intervalSeconds;

    @Option(names = "--poll", description = "Poll getJob even when the server could send changes live.")
    boolean poll;

    /** A change seen on the subscription, handled on the command's thread in arrival order. */
    private record Change(String kind, String id, JsonObject fields) {
    }

    /** What is known of a followed job. */
    private static final class Seen {
        String type;
        String status;
        /** Log entries already accounted for; -1 until the first fetch. */
        int logSeen = -1;
        /** Without a counted baseline, entries up to this server time are old. */
        Instant oldUntil;
    }

    private final Map<String, Seen> seen = new HashMap<>();
    private final BlockingQueue<Change> changes = new LinkedBlockingQueue<>();

    @Override
    public Integer call() {
        List<String> idList = ids == null ? List.of() : List.copyOf(new LinkedHashSet<>(ids));
        List<String> typeList = types == null ? List.of() : types;
        if (!idList.isEmpty() && !typeList.isEmpty()) {
            throw CliException.usage("tail follows IDs or --type, not both");
        }
        if (!(intervalSeconds > 0)) {
            throw CliException.usage("--interval must be a positive number of seconds, was " + intervalSeconds);
        }
        long intervalMs = Math.max(1, Math.round(intervalSeconds * 1000));
        try (Connection c = top.connect(); AutoCloseable ignored = Interrupts.onCtrlC(top.handleInterrupt)) {
            String liveProblem = poll ? "--poll" : subscribe(c, idList, typeList);
            if (liveProblem == null) {
                top.err.println("meteor-job: following " + (idList.isEmpty() ? typeList.isEmpty() ? "all jobs"
                        : "jobs of type " + String.join(", ", typeList) : idList.size() + " job(s)")
                        + " live; Ctrl-C ends");
                followLive(c, idList);
            } else {
                if (idList.isEmpty()) {
                    throw new CliException(ExitCodes.REFUSED, "tail without IDs needs the publication " + c.root
                            + ".jobs, which this server refused (" + liveProblem + "); give job IDs to poll them");
                }
                top.err.println("meteor-job: no live feed (" + liveProblem + "); polling getJob every "
                        + intervalSeconds + " s; Ctrl-C ends");
                followPolling(c, idList, intervalMs);
            }
        } catch (Connection.Interrupted | InterruptedException e) {
            // Ctrl-C (or an in-process caller interrupting the thread) is how tail is meant to end
            return ExitCodes.OK;
        } catch (CliException e) {
            if (Thread.currentThread().isInterrupted()) {
                return ExitCodes.OK;
            }
            throw e;
        } catch (Exception e) {
            throw Failures.of("tail", top.collection, e);
        }
        return ExitCodes.OK;
    }

    /** Subscribes; {@code null} when the subscription is ready, else why the server refused it. */
    private String subscribe(Connection c, List<String> idList, List<String> typeList) throws InterruptedException {
        JsonArrayBuilder params = Json.createArrayBuilder();
        if (!idList.isEmpty()) {
            params.add(Json.createObjectBuilder().add("ids", Json.createArrayBuilder(idList)));
        } else if (!typeList.isEmpty()) {
            params.add(Json.createObjectBuilder().add("type", Json.createArrayBuilder(typeList)));
        }
        Subscription sub = c.client.subscribe(c.root + ".jobs", params.build());
        try {
            sub.ready().toCompletableFuture().get(c.timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable t = Failures.unwrap(e);
            if (t instanceof DdpException d) {
                // no such publication (Meteor's job-collection has none built in), no ids filter, or not allowed:
                // getJob may still work, so polling is the answer
                return "subscription " + c.root + ".jobs: " + d.getMessage();
            }
            throw Failures.of("subscription " + c.root + ".jobs", c.root, t);
        } catch (java.util.concurrent.TimeoutException e) {
            sub.close();
            return "subscription " + c.root + ".jobs not ready within " + c.timeout.toSeconds() + " s";
        }
        c.client.collection(c.root + ".jobs").addListener(new DocumentListener() {
            @Override
            public void added(String collection, String id, JsonObject fields) {
                changes.add(new Change("added", id, fields));
            }

            @Override
            public void changed(String collection, String id, JsonObject fields, List<String> cleared) {
                changes.add(new Change("changed", id, fields));
            }

            @Override
            public void removed(String collection, String id) {
                changes.add(new Change("removed", id, JsonValue.EMPTY_JSON_OBJECT));
            }
        });
        return null;
    }

    private void followLive(Connection c, List<String> idList) throws InterruptedException {
        for (Map.Entry<String, JsonObject> e : c.client.collection(c.root + ".jobs").snapshot().entrySet()) {
            if (idList.isEmpty() || idList.contains(e.getKey())) {
                Seen s = seen.computeIfAbsent(e.getKey(), k -> new Seen());
                s.type = Output.string(e.getValue().get("type"));
                s.status = Output.string(e.getValue().get("status"));
                s.oldUntil = instant(e.getValue().get("updated"));
            }
        }
        if (!idList.isEmpty()) {
            // counted baseline of the followed jobs' logs, so the first new entry is never mistaken for an old one
            for (Job j : c.await(c.root + "_getJob", c.jobs.getJobs(idList, GetJobOptions.WITH_LOG))) {
                Seen s = seen.computeIfAbsent(j.id(), k -> new Seen());
                s.type = j.type();
                s.status = j.status().wireName();
                s.logSeen = j.log().size();
            }
            warnMissing(idList);
        }
        Set<String> touched = new LinkedHashSet<>();
        while (true) {
            Change ch = changes.poll(1, TimeUnit.SECONDS);
            while (ch != null) {
                apply(ch, touched);
                ch = changes.poll();
            }
            if (!touched.isEmpty()) {
                List<String> fetch = new ArrayList<>(touched);
                touched.clear();
                for (Job j : c.await(c.root + "_getJob", c.jobs.getJobs(fetch, GetJobOptions.WITH_LOG))) {
                    printNewLog(j, seen.computeIfAbsent(j.id(), k -> new Seen()));
                }
            }
            checkConnected(c);
        }
    }

    private void apply(Change ch, Set<String> touched) {
        Seen s = seen.get(ch.id());
        switch (ch.kind()) {
            case "removed" -> {
                if (s != null) {
                    event(ch.id(), s.type, Instant.now(), "removed", b -> {
                    }, "removed");
                    seen.remove(ch.id());
                    touched.remove(ch.id());
                }
            }
            case "added" -> {
                if (s == null) {
                    Seen n = new Seen();
                    n.type = Output.string(ch.fields().get("type"));
                    n.status = Output.string(ch.fields().get("status"));
                    n.logSeen = 0;
                    seen.put(ch.id(), n);
                    event(ch.id(), n.type, instant(ch.fields().get("updated")), "added",
                            b -> b.add("status", n.status), "new job, " + n.status);
                    touched.add(ch.id());
                } else {
                    statusChange(ch.id(), s, ch.fields());
                    touched.add(ch.id());
                }
            }
            default -> {
                if (s != null) {
                    statusChange(ch.id(), s, ch.fields());
                    touched.add(ch.id());
                }
            }
        }
    }

    private void statusChange(String id, Seen s, JsonObject fields) {
        String status = Output.string(fields.get("status"));
        if (status != null && !status.equals(s.status)) {
            String from = s.status;
            s.status = status;
            event(id, s.type, instant(fields.get("updated")), "status",
                    b -> b.add("from", from == null ? "" : from).add("to", status), "status " + from + " -> " + status);
        }
    }

    private void followPolling(Connection c, List<String> idList, long intervalMs) throws InterruptedException {
        boolean first = true;
        while (true) {
            List<Job> jobs = c.await(c.root + "_getJob", c.jobs.getJobs(idList, GetJobOptions.WITH_LOG));
            Set<String> present = new LinkedHashSet<>();
            for (Job j : jobs) {
                present.add(j.id());
                Seen s = seen.get(j.id());
                if (s == null) {
                    s = new Seen();
                    s.type = j.type();
                    s.status = j.status().wireName();
                    s.logSeen = first ? j.log().size() : 0;
                    seen.put(j.id(), s);
                    if (!first) {
                        Seen n = s;
                        event(j.id(), n.type, j.updated(), "added", b -> b.add("status", n.status), "new job, " + n.status);
                    }
                }
                String status = j.status().wireName();
                if (!status.equals(s.status)) {
                    String from = s.status;
                    s.status = status;
                    event(j.id(), s.type, j.updated(), "status", b -> b.add("from", from).add("to", status),
                            "status " + from + " -> " + status);
                }
                printNewLog(j, s);
            }
            for (String id : new ArrayList<>(seen.keySet())) {
                if (!present.contains(id)) {
                    Seen s = seen.remove(id);
                    event(id, s.type, Instant.now(), "removed", b -> {
                    }, "removed");
                }
            }
            if (first) {
                warnMissing(idList);
                first = false;
            }
            checkConnected(c);
            Thread.sleep(intervalMs);
        }
    }

    private void warnMissing(List<String> idList) {
        List<String> missing = idList.stream().filter(id -> !seen.containsKey(id)).toList();
        if (missing.size() == idList.size()) {
            throw new CliException(ExitCodes.REFUSED, "no such job" + (missing.size() == 1 ? " " : "s ")
                    + String.join(" ", missing) + " in collection " + top.collection);
        }
        if (!missing.isEmpty()) {
            top.err.println("meteor-job: no such job(s), not followed: " + String.join(" ", missing));
        }
    }

    private void printNewLog(Job j, Seen s) {
        List<JobLogEntry> log = j.log();
        if (s.logSeen < 0) {
            int old = 0;
            for (JobLogEntry e : log) {
                if (s.oldUntil != null && e.time() != null && !e.time().isAfter(s.oldUntil)) {
                    old++;
                }
            }
            s.logSeen = old;
        }
        for (int i = s.logSeen; i < log.size(); i++) {
            JobLogEntry e = log.get(i);
            String level = e.level() == null ? "info" : e.level().name().toLowerCase(Locale.ROOT);
            event(j.id(), s.type, e.time(), "log", b -> {
                b.add("level", level).add("message", e.message() == null ? "" : e.message());
                if (e.runId() != null) {
                    b.add("runId", e.runId());
                }
            }, "log " + level + " " + e.message());
        }
        s.logSeen = Math.max(s.logSeen, log.size());
    }

    private void event(String id, String type, Instant time, String kind,
                       java.util.function.Consumer<JsonObjectBuilder> fields, String text) {
        Instant t = time == null ? Instant.now() : time;
        if (top.json) {
            JsonObjectBuilder b = Json.createObjectBuilder().add("time", Output.iso(t)).add("id", id)
                    .add("type", type == null ? "" : type).add("event", kind);
            fields.accept(b);
            Output.json(top.out, b.build());
        } else {
            top.out.println(Output.iso(t) + "  " + id + "  " + (type == null ? "?" : type) + "  " + text);
            top.out.flush();
        }
    }

    private static void checkConnected(Connection c) {
        ConnectionState st = c.client.state();
        if (st != ConnectionState.CONNECTED) {
            throw new CliException(ExitCodes.CONNECTION, "lost the connection to " + c.url + " (" + st + ")");
        }
    }

    private static Instant instant(JsonValue v) {
        if (v instanceof JsonObject o && o.get("$date") instanceof jakarta.json.JsonNumber n) {
            return Instant.ofEpochMilli(n.longValue());
        }
        return null;
    }

}
