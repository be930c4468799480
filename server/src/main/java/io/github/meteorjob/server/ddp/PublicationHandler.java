package io.github.meteorjob.server.ddp;

import io.github.meteorjob.DdpException;
import jakarta.json.JsonArray;

/**
 * Server side of a publication, in the style of Meteor's low-level publish API: on a
 * {@code sub} it sends the initial documents through the {@link PublicationContext}, calls
 * {@link PublicationContext#ready()}, and keeps sending changes until the context is stopped.
 * Throwing {@link DdpException} answers {@code nosub} with that error.
 */
@FunctionalInterface
public interface PublicationHandler {

    void publish(PublicationContext context, JsonArray params) throws DdpException;
}
