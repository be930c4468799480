package io.github.meteorjob.cdi.internal;

import io.github.meteorjob.ProcessJobs;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The option names are derived from the constants: they must still name the annotation's members and keys. */
class QueueOptionTest {

    @Test
    void membersAndKeysAreTheConstantsWordsInCamelAndKebabCase() {
        assertThat(QueueOption.POLL_INTERVAL.member()).isEqualTo("pollInterval");
        assertThat(QueueOption.POLL_INTERVAL.key()).isEqualTo("poll-interval");
        assertThat(QueueOption.CONCURRENCY.member()).isEqualTo("concurrency");
        assertThat(QueueOption.CONCURRENCY.key()).isEqualTo("concurrency");
        assertThat(QueueOption.keys()).containsExactly("auto-extend", "concurrency", "enabled", "payload",
                "poll-interval", "prefetch", "push-trigger", "timeout", "work-timeout");
    }

    @Test
    void everyOptionIsAProcessJobsMemberOfItsKind() throws NoSuchMethodException {
        Map<QueueOption.Kind, Class<?>> types = Map.of(QueueOption.Kind.INT, int.class,
                QueueOption.Kind.LONG, long.class, QueueOption.Kind.BOOLEAN, boolean.class);
        for (QueueOption o : QueueOption.values()) {
            Method m = ProcessJobs.class.getMethod(o.member());
            assertThat(m.getReturnType()).as(o.member()).isEqualTo(types.get(o.kind()));
        }
        long optionMembers = Arrays.stream(ProcessJobs.class.getDeclaredMethods())
                .filter(m -> types.containsValue(m.getReturnType())).count();
        assertThat(optionMembers).isEqualTo(QueueOption.values().length);
    }
}
