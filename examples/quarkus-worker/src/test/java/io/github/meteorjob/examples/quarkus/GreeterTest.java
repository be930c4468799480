package io.github.meteorjob.examples.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
class GreeterTest {
    @Inject
    Greeter greeter;

    @Test
    void greets() {
        assertEquals("Hello, Quarkus", greeter.greet("Quarkus"));
    }
}
