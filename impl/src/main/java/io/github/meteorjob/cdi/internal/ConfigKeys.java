package io.github.meteorjob.cdi.internal;

import java.util.List;

/** Every {@code meteor-job.*} configuration key the CDI integration reads, written once (docs/cdi.md lists them). */
public final class ConfigKeys {

    public static final String URL = "meteor-job.url";
    public static final String LOGIN_EMAIL = "meteor-job.login.email";
    public static final String LOGIN_USERNAME = "meteor-job.login.username";
    public static final String LOGIN_PASSWORD = "meteor-job.login.password";
    public static final String LOGIN_TOKEN = "meteor-job.login.token";
    public static final String CONNECT_TIMEOUT = "meteor-job.connect-timeout";
    public static final String CALL_TIMEOUT = "meteor-job.call-timeout";
    public static final String RECONNECT_DELAY = "meteor-job.reconnect-delay";
    public static final String SHUTDOWN = "meteor-job.shutdown";
    public static final String SHUTDOWN_TIMEOUT = "meteor-job.shutdown-timeout";
    public static final String EXECUTOR = "meteor-job.executor";
    public static final String EXECUTOR_POOL_SIZE = "meteor-job.executor.pool-size";
    public static final String TLS_TRUST_STORE = "meteor-job.tls.trust-store";
    public static final String TLS_TRUST_STORE_PASSWORD = "meteor-job.tls.trust-store-password";
    public static final String TLS_TRUST_STORE_TYPE = "meteor-job.tls.trust-store-type";
    public static final String TLS_HOSTNAME_VERIFICATION = "meteor-job.tls.hostname-verification";
    /** ms a queue's part may stand still before the liveness check calls it stuck. */
    public static final String LIVENESS_STALL_AFTER = "meteor-job.health.liveness.stall-after";

    /** The keys above; per-queue keys are {@link #queuePrefix} plus a {@link QueueOption#key()}. */
    public static final List<String> TOP_LEVEL = List.of(URL, LOGIN_EMAIL, LOGIN_USERNAME, LOGIN_PASSWORD, LOGIN_TOKEN,
            CONNECT_TIMEOUT, CALL_TIMEOUT, RECONNECT_DELAY, SHUTDOWN, SHUTDOWN_TIMEOUT, EXECUTOR, EXECUTOR_POOL_SIZE,
            TLS_TRUST_STORE, TLS_TRUST_STORE_PASSWORD, TLS_TRUST_STORE_TYPE, TLS_HOSTNAME_VERIFICATION,
            LIVENESS_STALL_AFTER);

    /** Where per-queue keys start. */
    public static final String QUEUE = "meteor-job.queue.";

    private ConfigKeys() {
    }

    /** {@code meteor-job.queue."<collection>"."<type>".} */
    public static String queuePrefix(String collection, String type) {
        return QUEUE + "\"" + collection + "\".\"" + type + "\".";
    }
}
