package io.github.meteorjob.tck.support;

import java.net.InetAddress;
import java.util.logging.Logger;

import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.arquillian.container.spi.event.container.AfterDeploy;
import org.jboss.arquillian.container.spi.context.annotation.DeploymentScoped;
import org.jboss.arquillian.core.api.Instance;
import org.jboss.arquillian.core.api.InstanceProducer;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;

/**
 * The suite's runtimes listen on 127.0.0.1 only, but Payara Micro reports the machine's host name as the address of
 * a deployment; this rewrites every HTTP context Arquillian will call into 127.0.0.1.
 */
public class LoopbackProtocolMetaData {

    private static final Logger LOG = Logger.getLogger(LoopbackProtocolMetaData.class.getName());

    @Inject
    private Instance<ProtocolMetaData> metaData;

    @Inject
    @DeploymentScoped
    private InstanceProducer<ProtocolMetaData> producer;

    public void toLoopback(@Observes AfterDeploy event) {
        ProtocolMetaData original = metaData.get();
        if (original == null) {
            return;
        }
        ProtocolMetaData rewritten = new ProtocolMetaData();
        for (Object context : original.getContexts()) {
            if (context instanceof HTTPContext http && !isLoopback(http.getHost())) {
                HTTPContext loopback = new HTTPContext(http.getName(), "127.0.0.1", http.getPort());
                for (Servlet servlet : http.getServlets()) {
                    loopback.add(servlet);
                }
                LOG.fine(() -> "deployment address " + http.getHost() + " rewritten to 127.0.0.1");
                rewritten.addContext(loopback);
            } else {
                rewritten.addContext(context);
            }
        }
        producer.set(rewritten);
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (Exception e) {
            return false;
        }
    }
}
