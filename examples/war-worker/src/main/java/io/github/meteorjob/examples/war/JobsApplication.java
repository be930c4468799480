package io.github.meteorjob.examples.war;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Serves the REST resources under the WAR's context root. */
@ApplicationPath("/")
public class JobsApplication extends Application {
}
