package io.github.meteorjob.observability;

import io.github.meteorjob.internal.RepeatedWarnings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** Identical warnings at most once an interval, with the count of those left out. */
class RepeatedWarningsTest {

    @Test
    void anIdenticalWarningIsWrittenOnceAMinuteWithTheCountLeftOut() {
        String name = "meteor-job.test.repeated";
        Logger jul = Logger.getLogger(name);
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler h = new Handler() {
            @Override public void publish(LogRecord r) { lines.add(r.getMessage()); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        jul.addHandler(h);
        try {
            AtomicLong now = new AtomicLong();
            RepeatedWarnings w = new RepeatedWarnings(System.getLogger(name), TimeUnit.MINUTES.toNanos(1), now::get);
            for (int i = 0; i < 56; i++) {
                w.log(System.Logger.Level.WARNING, "getWork() failed: Method not authorized [403]");
                now.addAndGet(TimeUnit.MILLISECONDS.toNanos(250));
            }
            assertThat(w.log(System.Logger.Level.WARNING, "another problem")).isTrue();
            assertThat(lines).containsExactly("getWork() failed: Method not authorized [403]", "another problem");

            now.addAndGet(TimeUnit.MINUTES.toNanos(1));
            w.log(System.Logger.Level.WARNING, "getWork() failed: Method not authorized [403]");
            assertThat(lines).last().isEqualTo(
                    "getWork() failed: Method not authorized [403] (55 more times since the last report)");
        } finally {
            jul.removeHandler(h);
        }
    }
}
