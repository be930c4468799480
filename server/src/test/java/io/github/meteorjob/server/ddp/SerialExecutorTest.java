package io.github.meteorjob.server.ddp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SerialExecutor#executeHere}: a method's answer is sent from the method's own thread when the connection's
 * outbox is idle, without waking another pool thread, and never ahead of what was queued before it.
 */
class SerialExecutorTest {

    /** A pool that only collects what it is given, to run it when the test says. */
    private static final class HeldPool implements Executor {
        final List<Runnable> submitted = new ArrayList<>();

        @Override
        public void execute(Runnable command) {
            submitted.add(command);
        }
    }

    @Test
    void anIdleExecutorRunsTheTaskOnTheCallingThreadWithoutAHandOff() {
        HeldPool pool = new HeldPool();
        SerialExecutor serial = new SerialExecutor(pool);
        List<Thread> ranOn = new CopyOnWriteArrayList<>();
        serial.executeHere(() -> ranOn.add(Thread.currentThread()));
        assertThat(ranOn).containsExactly(Thread.currentThread());
        assertThat(pool.submitted).isEmpty();
    }

    @Test
    void aBusyExecutorQueuesTheTaskBehindTheOthers() {
        HeldPool pool = new HeldPool();
        SerialExecutor serial = new SerialExecutor(pool);
        List<String> order = new CopyOnWriteArrayList<>();
        serial.execute(() -> order.add("first"));
        serial.executeHere(() -> order.add("second"));
        assertThat(order).as("the first task is scheduled on the pool, so the second must wait for it").isEmpty();
        assertThat(pool.submitted).hasSize(1);
        pool.submitted.remove(0).run();
        assertThat(order).containsExactly("first", "second");
        assertThat(pool.submitted).isEmpty();
    }
}
