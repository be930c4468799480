package io.github.meteorjob.cdi.internal;

import io.github.meteorjob.JobCollection;
import io.github.meteorjob.ddp.DdpClient;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.build.compatible.spi.Parameters;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticBeanCreator;

/**
 * How the synthetic beans are created, shared by both extensions: everything comes from
 * {@link MeteorJobRuntime}. The nested creators serve the build-compatible extension.
 */
public final class SyntheticBeans {

    /** Parameter name of a collection root. */
    public static final String ROOT = "root";

    private SyntheticBeans() {
    }

    public static DdpClient client(Instance<Object> lookup) {
        return lookup.select(MeteorJobRuntime.class).get().client();
    }

    public static JobCollection collection(Instance<Object> lookup, String root) {
        return lookup.select(MeteorJobRuntime.class).get().collection(root);
    }

    /** Creates {@code @Inject DdpClient}. */
    public static final class DdpClientCreator implements SyntheticBeanCreator<DdpClient> {
        @Override
        public DdpClient create(Instance<Object> lookup, Parameters params) {
            return client(lookup);
        }
    }

    /** Creates {@code @Inject @Collection("root") JobCollection}. */
    public static final class CollectionCreator implements SyntheticBeanCreator<JobCollection> {
        @Override
        public JobCollection create(Instance<Object> lookup, Parameters params) {
            return collection(lookup, params.get(ROOT, String.class));
        }
    }

    /** Creates the {@link QueueDefinitions} the runtime starts. */
    public static final class QueueDefinitionsCreator implements SyntheticBeanCreator<QueueDefinitions> {
        @Override
        public QueueDefinitions create(Instance<Object> lookup, Parameters params) {
            return QueueDefinitions.fromParameters(params::get);
        }
    }
}
