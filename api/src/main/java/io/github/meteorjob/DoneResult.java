package io.github.meteorjob;

import java.util.Optional;

/**
 * The server's answer to {@link Job#done}.
 *
 * @param completed whether the job was marked completed
 * @param repeatId  the id of the scheduled repeat job, when {@link DoneOptions#repeatId()} was asked and a repeat was scheduled
 */
public record DoneResult(boolean completed, Optional<String> repeatId) {

    public DoneResult {
        repeatId = repeatId == null ? Optional.empty() : repeatId;
    }
}
