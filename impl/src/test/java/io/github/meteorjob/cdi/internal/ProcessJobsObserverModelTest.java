package io.github.meteorjob.cdi.internal;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.meteorjob.ProcessJobs;
import io.github.meteorjob.QueueOptions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared core of both CDI extensions: validation, grouping, configuration overrides, encoding. */
class ProcessJobsObserverModelTest {

    private static final QueueOptionsValues DEFAULTS = new QueueOptionsValues(1, 1, 0, 5000, 60000, true, false, 0, true);

    private static ObserverDeclaration observer(String type, QueueOptionsValues o, String eventType, boolean async, String method) {
        return new ObserverDeclaration("jobPile", type, o, eventType, async, method);
    }

    @Test
    void validObserversMakeOneQueuePerCollectionAndType() {
        ProcessJobsObserverModel model = new ProcessJobsObserverModel();
        model.addObserver(observer("a", DEFAULTS, ProcessJobsObserverModel.JOB_TYPE, false, "A#one(Job)"));
        model.addObserver(observer("a", DEFAULTS, ProcessJobsObserverModel.JOB_TYPE, true, "B#two(Job)"));
        model.addObserver(new ObserverDeclaration("other", "b", new QueueOptionsValues(2, 4, 1, 100, 60000, true, false, 0, true),
                ProcessJobsObserverModel.BATCH_TYPE, false, "C#three(JobBatch)"));
        model.addCollectionName("reports");

        assertThat(model.problems()).isEmpty();
        List<QueueDefinition> queues = model.queues();
        assertThat(queues).extracting(QueueDefinition::name).containsExactly("jobPile/a", "other/b");
        assertThat(queues.get(0).syncObservers()).isTrue();
        assertThat(queues.get(0).asyncObservers()).isTrue();
        assertThat(queues.get(0).observers()).containsExactly("A#one(Job)", "B#two(Job)");
        assertThat(queues.get(1).batch()).isTrue();
        assertThat(model.collectionNames()).containsExactly("jobPile", "other", "reports");
    }

    @Test
    void everyProblemNamesItsMethod() {
        ProcessJobsObserverModel model = new ProcessJobsObserverModel();
        model.addObserver(observer(" ", new QueueOptionsValues(0, 1, -1, -5, -1, true, false, 0, true), ProcessJobsObserverModel.JOB_TYPE, false, "X#bad(Job)"));
        model.addObserver(observer("t", new QueueOptionsValues(1, 3, 0, 5000, 60000, true, false, 0, true), ProcessJobsObserverModel.JOB_TYPE, false, "Y#bad(Job)"));
        model.addObserver(observer("u", DEFAULTS, "java.lang.Object", false, "Z#bad(Object)"));
        assertThat(model.problems()).containsExactlyInAnyOrder(
                "@ProcessJobs observer X#bad(Job): type must not be blank",
                "@ProcessJobs observer X#bad(Job): concurrency must be at least 1, was 0",
                "@ProcessJobs observer X#bad(Job): prefetch must not be negative, was -1",
                "@ProcessJobs observer X#bad(Job): pollInterval must not be negative, was -5",
                "@ProcessJobs observer X#bad(Job): workTimeout must not be negative, was -1",
                "@ProcessJobs observer Y#bad(Job): observes io.github.meteorjob.Job but must observe io.github.meteorjob.JobBatch because payload is 3",
                "@ProcessJobs observer Z#bad(Object): observes java.lang.Object but must observe io.github.meteorjob.Job (use payload > 1 to receive a JobBatch)");
    }

    @Test
    void conflictingOptionsOnOneQueueAreAProblem() {
        ProcessJobsObserverModel model = new ProcessJobsObserverModel();
        model.addObserver(observer("a", DEFAULTS, ProcessJobsObserverModel.JOB_TYPE, false, "A#one(Job)"));
        model.addObserver(observer("a", new QueueOptionsValues(2, 1, 0, 5000, 60000, true, false, 0, true), ProcessJobsObserverModel.JOB_TYPE, false, "B#two(Job)"));
        assertThat(model.problems()).singleElement().asString()
                .contains("A#one(Job)", "B#two(Job)", "jobPile/a", "conflicting options");
    }

    @Test
    void configurationOverridesWinAndAreValidated() {
        QueueDefinition q = new QueueDefinition("jobPile", "a", DEFAULTS, false, true, false, List.of("A#one(Job)"));
        String p = "meteor-job.queue.\"jobPile\".\"a\".";
        Map<String, String> cfg = Map.of(p + "concurrency", "6", p + "poll-interval", "250", p + "enabled", "false",
                p + "work-timeout", "1000", p + "prefetch", "3", p + "auto-extend", "false", p + "push-trigger", "true",
                p + "timeout", "700");
        QueueOptionsValues o = q.effectiveOptions(ConfigReader.of(k -> Optional.ofNullable(cfg.get(k))));
        assertThat(o).isEqualTo(new QueueOptionsValues(6, 1, 3, 250, 1000, false, true, 700, false));
        assertThat(o.toQueueOptions().pushTrigger()).isTrue();

        assertThatThrownBy(() -> q.effectiveOptions(ConfigReader.of(k -> k.equals(p + "payload") ? Optional.of("4") : Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("payload is 4 but the observers [A#one(Job)] take a single Job");
        assertThatThrownBy(() -> q.effectiveOptions(ConfigReader.of(k -> k.equals(p + "enabled") ? Optional.of("yes") : Optional.empty())))
                .hasMessage("configuration " + p + "enabled must be true or false, was 'yes'");
        assertThatThrownBy(() -> q.effectiveOptions(ConfigReader.of(k -> k.equals(p + "concurrency") ? Optional.of("0") : Optional.empty())))
                .hasMessageContaining("concurrency must be at least 1, was 0");
    }

    @Test
    void theDefaultIsASixtySecondLeaseKeptAliveWhileTheWorkerRuns() {
        ProcessJobs annotation = ProcessJobs.Literal.of("jobPile", "a");
        QueueOptionsValues fromAnnotation = QueueOptionsValues.of(annotation);
        assertThat(fromAnnotation).isEqualTo(DEFAULTS);
        QueueOptions o = fromAnnotation.toQueueOptions();
        assertThat(o.workTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.effectiveAutoExtend()).isEqualTo(Duration.ofSeconds(20));
        assertThat(o).isEqualTo(QueueOptions.defaults());

        // the explicit ways out: no lease, or a lease the observer renews itself
        QueueOptions noLease = new QueueOptionsValues(1, 1, 0, 5000, 0, true, false, 0, true).toQueueOptions();
        assertThat(noLease.workTimeout()).isNull();
        assertThat(noLease.effectiveAutoExtend()).isNull();
        QueueOptions manual = new QueueOptionsValues(1, 1, 0, 5000, 30000, false, false, 0, true).toQueueOptions();
        assertThat(manual.workTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(manual.effectiveAutoExtend()).isNull();
    }

    @Test
    void definitionsSurviveEncodingForBuildCompatibleSyntheticBeans() {
        QueueDefinition q = new QueueDefinition("job&Pile=1", "send\nEmail %", new QueueOptionsValues(3, 2, 1, 0, 99, false, false, 0, true),
                true, false, true, List.of("A#one(JobBatch)", "B#two(JobBatch)"));
        QueueDefinitions all = new QueueDefinitions(List.of(q, new QueueDefinition("c", "t", DEFAULTS, false, true, false, List.of())));
        Map<String, Object> params = all.toParameters();
        assertThat(params.values()).allSatisfy(v -> assertThat(v).isInstanceOfAny(String[].class, int[].class, long[].class,
                boolean[].class));
        assertThat(QueueDefinitions.fromParameters((name, type) -> type.cast(params.get(name)))).isEqualTo(all);
        assertThat(QueueDefinitions.fromParameters((name, type) -> null)).isEqualTo(new QueueDefinitions(List.of()));
    }

    @Test
    void environmentVariableNamesFollowMicroProfileMapping() {
        assertThat(ConfigReader.envName("meteor-job.queue.\"jobPile\".\"sendEmail\".concurrency"))
                .isEqualTo("METEOR_JOB_QUEUE__JOBPILE___SENDEMAIL__CONCURRENCY");
        assertThat(ConfigReader.envName("meteor-job.url")).isEqualTo("METEOR_JOB_URL");
    }

    @Test
    void misspeltKeysAreFound() {
        QueueDefinition q = new QueueDefinition("jobPile", "a", DEFAULTS, false, true, false, List.of("A#one(Job)"));
        ConfigReader config = ConfigReader.of(Map.of(
                "meteor-job.url", "ws://127.0.0.1:3000/websocket",
                "meteor-job.queue.\"jobPile\".\"a\".concurency", "4",
                "meteor-job.queue.jobPile.a.concurrency", "4",
                "meteor-job.queue.\"jobPile\".\"b\".concurrency", "4",
                "meteor-job.login.pasword", "x",
                "other.key", "y"));
        ConfigValidation.Result r = ConfigValidation.check(config, List.of(q));
        assertThat(r.errors()).hasSize(2);
        assertThat(r.errors()).anySatisfy(e -> assertThat(e).contains("meteor-job.queue.\"jobPile\".\"a\".concurency",
                "unknown option 'concurency'"));
        assertThat(r.errors()).anySatisfy(e -> assertThat(e).contains("meteor-job.queue.jobPile.a.concurrency is malformed"));
        assertThat(r.warnings()).hasSize(2);
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("jobPile/b", "no @ProcessJobs observer"));
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("meteor-job.login.pasword is not a meteor-job setting"));
    }

    @Test
    void aBadLivenessLimitStopsTheDeployment() {
        QueueDefinition q = new QueueDefinition("jobPile", "a", DEFAULTS, false, true, false, List.of("A#one(Job)"));
        String key = "meteor-job.health.liveness.stall-after";
        assertThat(ConfigValidation.check(ConfigReader.of(Map.of(key, "90000")), List.of(q)).errors()).isEmpty();
        assertThat(ConfigValidation.check(ConfigReader.of(Map.of(key, "0")), List.of(q)).errors())
                .singleElement().asString().contains(key, "positive number of ms, was 0");
        assertThat(ConfigValidation.check(ConfigReader.of(Map.of(key, "1m")), List.of(q)).errors())
                .singleElement().asString().contains(key, "1m");
    }
}
