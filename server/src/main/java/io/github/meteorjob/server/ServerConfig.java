package io.github.meteorjob.server;

import io.github.meteorjob.server.ddp.DdpServerOptions;
import io.github.meteorjob.server.jobs.JobServerOptions;
import io.github.meteorjob.server.jobs.RetentionPolicy;
import io.github.meteorjob.server.security.AccessControl;
import io.github.meteorjob.server.security.UserDirectory;
import io.github.meteorjob.server.store.JobStoreFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What an {@link EmbeddedJobServer.Builder} collects, with the defaults documented there. The
 * builder checks each value as it is given; {@link #accessControl()} checks what needs the disk.
 */
final class ServerConfig {
    String host = "127.0.0.1";
    int port;
    final List<String> collections = new ArrayList<>();
    Path dataDir;
    final List<Path> usersFiles = new ArrayList<>();
    final UserDirectory users = new UserDirectory();
    Duration promoteInterval = JobServerOptions.DEFAULT_PROMOTE_INTERVAL;
    Duration tokenLifetime = AccessControl.DEFAULT_TOKEN_LIFETIME;
    Path keystore;
    char[] keystorePassword;
    DdpServerOptions ddpOptions = DdpServerOptions.defaults();
    boolean autoStart = true;
    boolean dashboard;
    boolean metricsOpen;
    JobStoreFactory stores;
    boolean queryExtension = true;
    RetentionPolicy retention = RetentionPolicy.NONE;

    /** The roots to serve: those configured, or {@value EmbeddedJobServer#DEFAULT_COLLECTION} alone. */
    List<String> collections() {
        return collections.isEmpty() ? List.of(EmbeddedJobServer.DEFAULT_COLLECTION) : List.copyOf(collections);
    }

    /** The users given one by one and those in the users files, checked now rather than at start. */
    AccessControl accessControl() {
        if (stores != null && dataDir != null) {
            throw new IllegalArgumentException("give either a data directory or a store factory, not both");
        }
        UserDirectory directory = new UserDirectory();
        users.users().forEach(directory::add);
        for (Path file : usersFiles) {
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("users file " + file + " does not exist or is not readable");
            }
            try {
                directory.addFrom(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read users file " + file + ": " + e.getMessage(), e);
            }
        }
        return new AccessControl(directory, tokenLifetime, Clock.systemUTC());
    }
}
