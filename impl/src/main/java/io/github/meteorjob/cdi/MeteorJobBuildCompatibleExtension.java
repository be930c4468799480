package io.github.meteorjob.cdi;

import io.github.meteorjob.cdi.internal.LibraryBeans;
import io.github.meteorjob.cdi.internal.ObserverDeclaration;
import io.github.meteorjob.cdi.internal.ProcessJobsObserverModel;
import io.github.meteorjob.cdi.internal.QueueDefinition;
import io.github.meteorjob.cdi.internal.QueueDefinitions;
import io.github.meteorjob.cdi.internal.QueueOption;
import io.github.meteorjob.cdi.internal.QueueOptionsValues;
import io.github.meteorjob.cdi.internal.SyntheticBeans;
import io.github.meteorjob.Collection;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.ProcessJobs;
import io.github.meteorjob.ddp.DdpClient;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.build.compatible.spi.BeanInfo;
import jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension;
import jakarta.enterprise.inject.build.compatible.spi.Discovery;
import jakarta.enterprise.inject.build.compatible.spi.InjectionPointInfo;
import jakarta.enterprise.inject.build.compatible.spi.Messages;
import jakarta.enterprise.inject.build.compatible.spi.ObserverInfo;
import jakarta.enterprise.inject.build.compatible.spi.Registration;
import jakarta.enterprise.inject.build.compatible.spi.ScannedClasses;
import jakarta.enterprise.inject.build.compatible.spi.SkipIfPortableExtensionPresent;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticBeanBuilder;
import jakarta.enterprise.inject.build.compatible.spi.Synthesis;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticComponents;
import jakarta.enterprise.inject.build.compatible.spi.Validation;
import jakarta.enterprise.lang.model.AnnotationInfo;
import jakarta.enterprise.lang.model.AnnotationMember;
import jakarta.enterprise.lang.model.declarations.MethodInfo;
import jakarta.enterprise.lang.model.types.Type;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The build-compatible extension for CDI Lite (Quarkus ArC). Same behaviour as
 * {@link MeteorJobExtension}: it only discovers ({@code @Registration} on observers and beans) and
 * registers ({@code @Synthesis}, {@code @Validation}); the rules and the run time are shared.
 * Skipped where the portable extension runs (Weld executes build-compatible extensions too).
 */
@SkipIfPortableExtensionPresent(MeteorJobExtension.class)
public class MeteorJobBuildCompatibleExtension implements BuildCompatibleExtension {

    private final ProcessJobsObserverModel model = new ProcessJobsObserverModel();

    @Discovery
    public void addLibraryBeans(ScannedClasses scanned) {
        for (String name : LibraryBeans.classNames()) {
            scanned.add(name);
        }
    }

    @Registration(types = Object.class)
    public void observer(ObserverInfo observer) {
        AnnotationInfo pj = null;
        for (AnnotationInfo a : observer.qualifiers()) {
            if (a.name().equals(ProcessJobs.class.getName())) {
                pj = a;
            }
        }
        if (pj == null) {
            return;
        }
        AnnotationInfo annotation = pj;
        MethodInfo m = observer.observerMethod();
        String method = m == null ? observer.declaringClass().name() + "#<synthetic observer>"
                : observer.declaringClass().name() + "#" + m.name() + "("
                + m.parameters().stream().map(p -> simpleName(p.type())).collect(Collectors.joining(", ")) + ")";
        model.addObserver(new ObserverDeclaration(
                pj.member("collection").asString(), pj.member("type").asString(),
                QueueOptionsValues.of(option -> member(annotation, option)),
                typeName(observer.eventType()), observer.isAsync(), method));
    }

    @Registration(types = Object.class)
    public void bean(BeanInfo bean) {
        for (InjectionPointInfo ip : bean.injectionPoints()) {
            if (!typeName(ip.type()).equals(JobCollection.class.getName())) {
                continue;
            }
            for (AnnotationInfo q : ip.qualifiers()) {
                if (q.name().equals(Collection.class.getName())) {
                    model.addCollectionName(q.value().asString());
                }
            }
        }
    }

    @Synthesis
    public void registerBeans(SyntheticComponents syn) {
        List<QueueDefinition> queues = model.problems().isEmpty() ? model.queues() : List.of();
        SyntheticBeanBuilder<QueueDefinitions> definitions = syn.addBean(QueueDefinitions.class)
                .type(QueueDefinitions.class).scope(Dependent.class)
                .createWith(SyntheticBeans.QueueDefinitionsCreator.class);
        new QueueDefinitions(queues).toParameters().forEach((name, value) -> withParam(definitions, name, value));
        syn.addBean(DdpClient.class).type(DdpClient.class).scope(Dependent.class)
                .createWith(SyntheticBeans.DdpClientCreator.class);
        for (String root : model.collectionNames()) {
            syn.addBean(JobCollection.class).type(JobCollection.class).scope(Dependent.class)
                    .qualifier(Collection.Literal.of(root))
                    .withParam(SyntheticBeans.ROOT, root)
                    .createWith(SyntheticBeans.CollectionCreator.class);
        }
    }

    @Validation
    public void validate(Messages messages) {
        for (String p : model.problems()) {
            messages.error("meteor-job: " + p);
        }
    }

    private static String typeName(Type t) {
        if (t.isClass()) {
            return t.asClass().declaration().name();
        }
        return t.toString();
    }

    private static String simpleName(Type t) {
        String n = typeName(t);
        return n.substring(n.lastIndexOf('.') + 1);
    }

    private static void withParam(SyntheticBeanBuilder<?> bean, String name, Object value) {
        if (value instanceof String[] v) {
            bean.withParam(name, v);
        } else if (value instanceof int[] v) {
            bean.withParam(name, v);
        } else if (value instanceof long[] v) {
            bean.withParam(name, v);
        } else if (value instanceof boolean[] v) {
            bean.withParam(name, v);
        } else {
            throw new IllegalStateException("no synthetic bean parameter of type " + value.getClass());
        }
    }

    /** A queue option's member value, or {@code null} when left at its default (the model may omit it then). */
    private static Object member(AnnotationInfo a, QueueOption option) {
        AnnotationMember v = a.member(option.member());
        if (v == null) {
            return null;
        }
        // the model is strict about kinds: an int member must be read with asInt()
        return switch (option.kind()) {
            case INT -> v.asInt();
            case LONG -> v.asLong();
            case BOOLEAN -> v.asBoolean();
        };
    }
}
