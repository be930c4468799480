package io.github.meteorjob.ddp;

import io.github.meteorjob.DdpException;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;

import java.net.URI;
import java.util.List;

/**
 * Which DDP version the client proposes: the preferred one first, and after a {@code failed}
 * answer proposing another version the client also speaks, that one on the next attempt.
 */
final class VersionNegotiation {

    /** DDP versions this client speaks, preferred first. */
    static final List<String> SUPPORTED_VERSIONS = List.of("1", "pre2", "pre1");

    private static final JsonProvider JSON = JsonProvider.provider();

    private final URI url;
    private volatile String version = SUPPORTED_VERSIONS.get(0);
    /** Attempts repeated at once with a proposed version since the last success; guarded by the session lock. */
    private int retries;

    VersionNegotiation(URI url) {
        this.url = url;
    }

    /** The {@code connect} frame of the next attempt. */
    String connectFrame() {
        return DdpFrames.connect(version, SUPPORTED_VERSIONS);
    }

    /**
     * A {@code failed} frame: fails the link's handshake, with {@link Retry} when the server proposed a
     * version this client also speaks (then the next attempt proposes it).
     */
    void onFailed(Link l, JsonObject f) {
        String proposed = f.getString("version", null);
        String tried = version;
        if (proposed != null && SUPPORTED_VERSIONS.contains(proposed) && !proposed.equals(tried)) {
            version = proposed;
            l.handshake.completeExceptionally(new Retry(failure(tried, proposed)));
        } else {
            l.handshake.completeExceptionally(failure(tried, proposed));
        }
    }

    /** Whether a failed attempt should be repeated at once with the proposed version (not endlessly). */
    boolean retryNow(Throwable cause) {
        return cause instanceof Retry && retries++ < SUPPORTED_VERSIONS.size();
    }

    /** A session was established (or a new connect() begins): allow version retries again. */
    void reset() {
        retries = 0;
    }

    String version() {
        return version;
    }

    /** What connect() reports for a failed attempt. */
    static Throwable reported(Throwable cause) {
        return cause instanceof Retry r ? r.failure : cause;
    }

    private DdpException failure(String tried, String proposed) {
        return new DdpException(JSON.createValue("version-mismatch"), "DDP server " + url
                + " refused protocol version " + tried + " (client supports " + SUPPORTED_VERSIONS
                + "); the server proposed " + (proposed == null ? "nothing" : proposed), null);
    }

    /** A handshake refused with a version we also speak: reconnect with it. */
    private static final class Retry extends RuntimeException {
        final DdpException failure;

        Retry(DdpException failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }
    }
}
