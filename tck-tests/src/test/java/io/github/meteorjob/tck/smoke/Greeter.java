package io.github.meteorjob.tck.smoke;

import jakarta.enterprise.context.ApplicationScoped;

/** A plain CDI bean: proves the container deploys a WAR and injects into the test. */
@ApplicationScoped
public class Greeter {
    public String greet(String name) {
        return "Hello, " + name;
    }
}
