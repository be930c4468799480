package io.github.meteorjob.cdi;

import java.util.List;

/**
 * The queues the CDI extension found, handed to {@link MeteorJobRuntime} as a synthetic bean.
 *
 * @param queues one definition per (collection, type)
 */
public record QueueDefinitions(List<QueueDefinition> queues) {

    public QueueDefinitions {
        queues = List.copyOf(queues);
    }

    /** For build-compatible synthetic bean parameters. */
    public String[] encode() {
        return queues.stream().map(QueueDefinition::encode).toArray(String[]::new);
    }

    public static QueueDefinitions decode(String[] encoded) {
        return new QueueDefinitions(encoded == null ? List.of()
                : java.util.Arrays.stream(encoded).map(QueueDefinition::decode).toList());
    }
}
