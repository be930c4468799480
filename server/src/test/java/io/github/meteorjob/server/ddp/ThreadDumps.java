package io.github.meteorjob.server.ddp;

import java.util.Map;
import java.util.stream.Collectors;

/** Stacks of this JVM's threads whose names contain one of the given parts, for failure messages of hangs. */
public final class ThreadDumps {

    private ThreadDumps() {
    }

    public static String of(String... nameParts) {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> nameParts.length == 0 || java.util.Arrays.stream(nameParts).anyMatch(e.getKey().getName()::contains))
                .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(Thread::getName)))
                .map(e -> "\"" + e.getKey().getName() + "\" " + e.getKey().getState() + "\n"
                        + java.util.Arrays.stream(e.getValue()).limit(40).map(f -> "    at " + f).collect(Collectors.joining("\n")))
                .collect(Collectors.joining("\n"));
    }
}
