package io.github.meteorjob.cdi;

import io.github.meteorjob.cdi.internal.ConfigReader;
import io.github.meteorjob.cdi.internal.ConfigValidation;
import io.github.meteorjob.cdi.internal.LibraryBeans;
import io.github.meteorjob.cdi.internal.ObserverDeclaration;
import io.github.meteorjob.cdi.internal.ProcessJobsObserverModel;
import io.github.meteorjob.cdi.internal.QueueDefinition;
import io.github.meteorjob.cdi.internal.QueueDefinitions;
import io.github.meteorjob.cdi.internal.QueueOptionsValues;
import io.github.meteorjob.cdi.internal.SyntheticBeans;
import io.github.meteorjob.Collection;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.ProcessJobs;
import io.github.meteorjob.ddp.DdpClient;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.enterprise.inject.spi.ProcessInjectionPoint;
import jakarta.enterprise.inject.spi.ProcessObserverMethod;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The portable extension for CDI Full containers (Weld SE, Open Liberty, Payara): finds
 * {@code @ProcessJobs} observers and {@code @Collection} injection points, reports invalid ones as
 * deployment errors, and registers the library's beans. All logic is shared with
 * {@link MeteorJobBuildCompatibleExtension} through {@code ProcessJobsObserverModel} and
 * {@code MeteorJobRuntime} (both internal).
 */
public class MeteorJobExtension implements Extension {

    private final ProcessJobsObserverModel model = new ProcessJobsObserverModel();
    private List<QueueDefinition> queues = List.of();

    void addLibraryBeans(@Observes BeforeBeanDiscovery bbd, BeanManager bm) {
        for (String name : LibraryBeans.classNames()) {
            try {
                Class<?> c = Class.forName(name, true, MeteorJobExtension.class.getClassLoader());
                bbd.addAnnotatedType(bm.createAnnotatedType(c), MeteorJobExtension.class.getName() + "#" + c.getSimpleName());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("meteor-job: cannot load " + name, e);
            }
        }
    }

    <T, X> void observer(@Observes ProcessObserverMethod<T, X> pom) {
        ObserverMethod<T> om = pom.getObserverMethod();
        ProcessJobs pj = null;
        for (Annotation a : om.getObservedQualifiers()) {
            if (a instanceof ProcessJobs p) {
                pj = p;
            }
        }
        if (pj == null) {
            return;
        }
        AnnotatedMethod<X> am = pom.getAnnotatedMethod();
        String method = am == null ? om.getBeanClass().getName() + "#<synthetic observer>" : describe(am.getJavaMember());
        model.addObserver(new ObserverDeclaration(pj.collection(), pj.type(),
                QueueOptionsValues.of(pj),
                typeName(om.getObservedType()), om.isAsync(), method));
    }

    void injectionPoint(@Observes ProcessInjectionPoint<?, ?> pip) {
        if (pip.getInjectionPoint().getType() != JobCollection.class) {
            return;
        }
        for (Annotation a : pip.getInjectionPoint().getQualifiers()) {
            if (a instanceof Collection c) {
                model.addCollectionName(c.value());
            }
        }
    }

    void registerBeans(@Observes AfterBeanDiscovery abd) {
        List<String> problems = model.problems();
        for (String p : problems) {
            abd.addDefinitionError(new DeploymentException("meteor-job: " + p));
        }
        queues = problems.isEmpty() ? model.queues() : List.of();
        QueueDefinitions defs = new QueueDefinitions(queues);
        abd.addBean().types(QueueDefinitions.class, Object.class).scope(Dependent.class)
                .beanClass(MeteorJobExtension.class)
                .createWith(ctx -> defs);
        abd.addBean().types(DdpClient.class, Object.class).scope(Dependent.class)
                .beanClass(MeteorJobExtension.class)
                .produceWith(SyntheticBeans::client);
        for (String root : model.collectionNames()) {
            abd.addBean().types(JobCollection.class, Object.class).scope(Dependent.class)
                    .beanClass(MeteorJobExtension.class)
                    .qualifiers(Collection.Literal.of(root))
                    .produceWith(lookup -> SyntheticBeans.collection(lookup, root));
        }
    }

    void validateConfiguration(@Observes AfterDeploymentValidation adv) {
        ConfigReader config;
        try {
            config = ConfigReader.current();
        } catch (RuntimeException e) {
            return; // no configuration yet; the runtime validates again at startup
        }
        for (QueueDefinition d : queues) {
            try {
                d.effectiveOptions(config);
            } catch (IllegalArgumentException e) {
                adv.addDeploymentProblem(new DeploymentException("meteor-job: " + e.getMessage()));
            }
        }
        ConfigValidation.Result keys = ConfigValidation.check(config, queues);
        for (String error : keys.errors()) {
            adv.addDeploymentProblem(new DeploymentException("meteor-job: " + error));
        }
    }

    /** The queues found (after validation); for tests and diagnostics. */
    public List<QueueDefinition> queues() {
        return queues;
    }

    static String describe(Method m) {
        return m.getDeclaringClass().getName() + "#" + m.getName() + "("
                + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", ")) + ")";
    }

    static String typeName(Type t) {
        if (t instanceof Class<?> c) {
            return c.getName();
        }
        if (t instanceof ParameterizedType) {
            return t.getTypeName();
        }
        return String.valueOf(t);
    }
}
