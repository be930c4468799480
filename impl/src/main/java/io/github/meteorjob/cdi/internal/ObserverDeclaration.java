package io.github.meteorjob.cdi.internal;

/**
 * One {@code @ProcessJobs} observer method as either CDI extension found it: the annotation's
 * values, the observed event type's name and where it was declared. Plain values only, so the
 * portable and the build-compatible extension can both produce it.
 *
 * @param collection       {@code @ProcessJobs.collection}
 * @param type             {@code @ProcessJobs.type}
 * @param options          the annotation's queue options
 * @param observedTypeName the observed parameter's type, e.g. {@code io.github.meteorjob.Job}
 * @param async            {@code @ObservesAsync} rather than {@code @Observes}
 * @param method           the method, for error messages: {@code com.acme.Mailer#send(Job)}
 */
public record ObserverDeclaration(String collection, String type, QueueOptionsValues options,
                                  String observedTypeName, boolean async, String method) {
}
