package io.github.meteorjob.tck.support;

import org.jboss.arquillian.container.test.spi.client.deployment.AuxiliaryArchiveAppender;
import org.jboss.arquillian.core.spi.LoadableExtension;

/** Client-side Arquillian extension of the suite (registered in META-INF/services). */
public class TckArquillianExtension implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.service(AuxiliaryArchiveAppender.class, TestLibrariesAppender.class);
        builder.observer(LoopbackProtocolMetaData.class);
    }
}
