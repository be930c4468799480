package io.github.meteorjob.tck.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.meteorjob.Job;
import io.github.meteorjob.cdi.MeteorJobExtension;
import io.github.meteorjob.ejson.Ejson;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Builds the suite's deployments the way a user packages an application: a WAR with the user's classes, a
 * {@code beans.xml}, the library (meteor-job-api, meteor-job-wire and meteor-job-impl, nothing else: the container provides CDI,
 * WebSocket, JSON, Config, Fault Tolerance, Concurrency and Health) and a {@code microprofile-config.properties}
 * that points {@code meteor-job.url} at the suite's {@link TckServer}.
 */
public final class Deployments {

    private Deployments() {
    }

    /** A WAR with {@code classes}, configured with {@code meteor-job.url} of the suite's server. */
    public static WebArchive worker(String name, Class<?>... classes) {
        return worker(name, Map.of(), classes);
    }

    /** A WAR with {@code classes} and extra MicroProfile Config properties (which win over the defaults here). */
    public static WebArchive worker(String name, Map<String, String> config, Class<?>... classes) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("meteor-job.url", TckServer.url());
        // short reconnect delay: tests that stop the server should not wait long for recovery
        properties.put("meteor-job.reconnect-delay", "500");
        // lets in-container code know where it runs (weld, liberty or payara)
        properties.put("tck.container", System.getProperty("tck.container", "weld"));
        properties.putAll(config);
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addClasses(classes)
                .addAsWebInfResource(new StringAsset(BEANS_XML), "beans.xml")
                .addAsLibraries(ClassPathArchives.of(Job.class, "meteor-job-api.jar"),
                        ClassPathArchives.of(Ejson.class, "meteor-job-wire.jar"),
                        ClassPathArchives.of(MeteorJobExtension.class, "meteor-job-impl.jar"))
                .addAsResource(new StringAsset(toProperties(properties)), "META-INF/microprofile-config.properties");
    }

    static String toProperties(Map<String, String> properties) {
        return properties.entrySet().stream()
                .map(e -> escape(e.getKey()) + "=" + escape(e.getValue()))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=");
    }

    static final String BEANS_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <beans xmlns="https://jakarta.ee/xml/ns/jakartaee"
                   xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                   xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/beans_4_0.xsd"
                   version="4.0" bean-discovery-mode="annotated">
            </beans>
            """;
}
