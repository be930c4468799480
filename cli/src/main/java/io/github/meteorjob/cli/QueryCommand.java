package io.github.meteorjob.cli;

import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobFilter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;

/**
 * A command over the job query extension ({@code ls}, {@code stats}): the shared filter options, one call of
 * {@code <root>_<method>} with them, then the answer printed.
 *
 * @param <T> what the call answers
 */
abstract class QueryCommand<T> implements Callable<Integer> {

    @ParentCommand
    MeteorJobCommand top;

    @Mixin
    FilterOptions filter;

    /** The extension's method, e.g. {@code findJobs}: named in messages (such as a missing extension). */
    private final String method;

    QueryCommand(String method) {
        this.method = method;
    }

    /** Checks the command's own options before anything is sent; throws {@link CliException#usage} when wrong. */
    void checkOptions() {
    }

    /** The call, with the filter the options give. */
    abstract CompletionStage<T> query(JobCollection jobs, JobFilter f);

    /** Prints the answer (text or, with {@code --json}, one JSON document). */
    abstract void print(T answer);

    @Override
    public final Integer call() {
        checkOptions();
        JobFilter f = filter.toFilter(Clock.systemUTC());
        T answer;
        try (Connection c = top.connect()) {
            answer = c.await(c.root + "_" + method, query(c.jobs, f));
        }
        print(answer);
        return ExitCodes.OK;
    }
}
