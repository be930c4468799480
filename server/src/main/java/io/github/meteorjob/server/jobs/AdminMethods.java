package io.github.meteorjob.server.jobs;

import io.github.meteorjob.wire.MeteorMatch;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.Map;

/**
 * The methods of the {@code admin} role: {@code startJobServer} and {@code shutdownJobServer}
 * (and their old names {@code startJobs}, {@code stopJobs}). They check the options, then change
 * the run state through {@link JobServerTimers} inside {@link CommitPoint#write}.
 */
final class AdminMethods {

    /** job-collection's default time before a shutdown fails the jobs still running. */
    private static final long DEFAULT_SHUTDOWN_TIMEOUT_MS = 60_000;

    private final CommitPoint commits;
    private final JobServerTimers timers;

    AdminMethods(CommitPoint commits, JobServerTimers timers) {
        this.commits = commits;
        this.timers = timers;
    }

    JsonValue startJobServer(JsonValue opts) {
        MeteorMatch.options(opts, "", Map.of());
        return commits.write(timers::start);
    }

    JsonValue shutdownJobServer(JsonValue opts) {
        JsonObject o = MeteorMatch.options(opts, "", Map.of("timeout", Check.INT_GTE_ONE));
        long timeout = o.containsKey("timeout") ? MeteorMatch.intGTEOne(o.get("timeout"), "timeout") : DEFAULT_SHUTDOWN_TIMEOUT_MS;
        return commits.write(() -> timers.shutdown(timeout));
    }
}
