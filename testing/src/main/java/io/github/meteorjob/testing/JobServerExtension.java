package io.github.meteorjob.testing;

import io.github.meteorjob.server.EmbeddedJobServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * JUnit 5 extension that starts one {@link EmbeddedJobServer} per test class (on 127.0.0.1, a free
 * port, in memory) and injects it into constructors, lifecycle and test methods taking an
 * {@code EmbeddedJobServer} parameter. The server is closed after the class's tests.
 *
 * <pre>{@code
 * @ExtendWith(JobServerExtension.class)
 * class MyTest {
 *     @Test void works(EmbeddedJobServer server) { ... server.url() ... }
 * }
 *
 * class ConfiguredTest {
 *     @RegisterExtension
 *     static JobServerExtension jobs = new JobServerExtension(b -> b.collection("jobPile").user("w", "pw", "worker"));
 *     @Test void works() { ... jobs.server().url() ... }
 * }
 * }</pre>
 */
public class JobServerExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(JobServerExtension.class);

    private final Consumer<EmbeddedJobServer.Builder> configuration;
    private volatile EmbeddedJobServer server;

    /** Default server: collection {@value EmbeddedJobServer#DEFAULT_COLLECTION}, no users, in memory. */
    public JobServerExtension() {
        this(b -> {
        });
    }

    /** A server configured by {@code configuration} (host stays 127.0.0.1 unless you change it). */
    public JobServerExtension(Consumer<EmbeddedJobServer.Builder> configuration) {
        this.configuration = Objects.requireNonNull(configuration, "configuration");
    }

    /** The running server of the current test class. */
    public EmbeddedJobServer server() {
        EmbeddedJobServer s = server;
        if (s == null) {
            throw new IllegalStateException("the job server runs only while a test class using it executes");
        }
        return s;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = serverFor(context);
    }

    /** Also covers an extension registered on an instance field, which gets no beforeAll. */
    @Override
    public void beforeEach(ExtensionContext context) {
        server = serverFor(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // the store closes the server when the class context ends; nested classes reuse the outer one
        if (outermostClassContext(context) == context) {
            server = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == EmbeddedJobServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension)
            throws ParameterResolutionException {
        return server != null ? server : serverFor(extension);
    }

    private EmbeddedJobServer serverFor(ExtensionContext context) {
        ExtensionContext classContext = outermostClassContext(context);
        Holder holder = classContext.getStore(NAMESPACE).getOrComputeIfAbsent(key(classContext),
                k -> new Holder(start()), Holder.class);
        return holder.server;
    }

    private EmbeddedJobServer start() {
        EmbeddedJobServer.Builder builder = EmbeddedJobServer.builder();
        configuration.accept(builder);
        return builder.start();
    }

    private String key(ExtensionContext context) { // one server per extension instance and class
        return "server@" + System.identityHashCode(this);
    }

    private static ExtensionContext outermostClassContext(ExtensionContext context) {
        ExtensionContext found = context;
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            if (c.getTestClass().isPresent() && c.getTestMethod().isEmpty()) {
                found = c;
            }
        }
        return found;
    }

    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        final EmbeddedJobServer server;

        Holder(EmbeddedJobServer server) {
            this.server = server;
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
