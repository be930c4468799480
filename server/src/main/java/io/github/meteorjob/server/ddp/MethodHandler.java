package io.github.meteorjob.server.ddp;

import io.github.meteorjob.DdpException;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;

/**
 * Server side of one DDP method. Runs on the server's method thread; throws
 * {@link DdpException} to answer with a Meteor error (e.g. 400 "Match failed"); any other
 * exception is answered with a 500 "Internal server error" and logged.
 */
@FunctionalInterface
public interface MethodHandler {

    /** Returns the method's result ({@code JsonValue.NULL} for none). */
    JsonValue handle(MethodInvocation invocation, JsonArray params) throws DdpException;
}
