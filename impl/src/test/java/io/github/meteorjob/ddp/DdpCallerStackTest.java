package io.github.meteorjob.ddp;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.internal.Async;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;

import static io.github.meteorjob.ddp.DdpTestSupport.failure;
import static io.github.meteorjob.ddp.DdpTestSupport.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Issue 13: a failed call's stack trace names the caller, not only the WebSocket reader (or timer) thread that
 * completed it.
 */
class DdpCallerStackTest extends ScriptedServerFixture {

    private static boolean hasFrame(Throwable t, String method) {
        return Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getClassName().equals(DdpCallerStackTest.class.getName())
                && f.getMethodName().equals(method));
    }

    @Test
    void callAndWaitRethrowsAMethodErrorWithTheCallersStackAndTheOriginalAsCause() {
        server.onMethod("bad", p -> {
            throw new DdpException(400, "nope");
        });
        connectFast();
        Throwable t = catchThrowable(() -> client.callAndWait("bad", params(), CallOptions.DEFAULT));
        assertThat(t).isExactlyInstanceOf(DdpException.class).hasMessage("nope [400]");
        assertThat(hasFrame(t, "callAndWaitRethrowsAMethodErrorWithTheCallersStackAndTheOriginalAsCause")).isTrue();
        DdpException e = (DdpException) t;
        assertThat(e.errorCode()).isEqualTo(400);
        assertThat(e.reason()).isEqualTo("nope");
        // the original was made on the reader thread, which never ran this test method
        assertThat(t.getCause()).isExactlyInstanceOf(DdpException.class).hasMessage("nope [400]");
        assertThat(hasFrame(t.getCause(), "callAndWaitRethrowsAMethodErrorWithTheCallersStackAndTheOriginalAsCause"))
                .isFalse();
    }

    @Test
    void callAndWaitRethrowsATimeoutWithItsTypeAndFieldsAndTheCallersStack() {
        server.onMethod("silent", p -> null);
        connectFast();
        Throwable t = catchThrowable(() -> client.callAndWait("silent", params(),
                CallOptions.DEFAULT.withTimeout(Duration.ofMillis(50))));
        assertThat(t).isExactlyInstanceOf(DdpTimeoutException.class).hasMessageContaining("'silent'");
        DdpTimeoutException te = (DdpTimeoutException) t;
        assertThat(te.method()).isEqualTo("silent");
        assertThat(te.timeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(te.error()).isEqualTo(((DdpException) t.getCause()).error());
        assertThat(hasFrame(t, "callAndWaitRethrowsATimeoutWithItsTypeAndFieldsAndTheCallersStack")).isTrue();
        assertThat(t.getCause()).isExactlyInstanceOf(DdpTimeoutException.class).hasMessage(t.getMessage());
        assertThat(hasFrame(t.getCause(), "callAndWaitRethrowsATimeoutWithItsTypeAndFieldsAndTheCallersStack")).isFalse();
    }

    @Test
    void callAndWaitRethrowsAConnectionLossWithItsTypeAndTheCallersStack() {
        server.onMethod("slow", p -> null);
        connectFast();
        // the link drops while the (non-idempotent) call is outstanding: the loss is noticed on another thread
        java.util.concurrent.CompletableFuture<Void> drop = java.util.concurrent.CompletableFuture.runAsync(() -> {
            server.awaitMethod("slow");
            server.dropConnections();
        });
        Throwable t = catchThrowable(() -> client.callAndWait("slow", params(), CallOptions.DEFAULT));
        drop.join();
        assertThat(t).isExactlyInstanceOf(DdpConnectionLostException.class).hasMessageContaining("'slow'");
        assertThat(((DdpConnectionLostException) t).method()).isEqualTo("slow");
        assertThat(((DdpConnectionLostException) t).callId()).isNotNull();
        assertThat(hasFrame(t, "callAndWaitRethrowsAConnectionLossWithItsTypeAndTheCallersStack")).isTrue();
        assertThat(t.getCause()).isExactlyInstanceOf(DdpConnectionLostException.class).hasMessage(t.getMessage());
        assertThat(hasFrame(t.getCause(), "callAndWaitRethrowsAConnectionLossWithItsTypeAndTheCallersStack")).isFalse();
    }

    @Test
    void otherRuntimeExceptionsKeepTheirTypeAndGetTheCallersStackAsSuppressed() {
        IllegalStateException original = new IllegalStateException("boom");
        RuntimeException r = Async.rethrowOnCaller(new java.util.concurrent.CompletionException(original));
        assertThat(r).isSameAs(original);
        assertThat(r.getSuppressed()).hasSize(1);
        assertThat(r.getSuppressed()[0]).isInstanceOf(Async.CallerStack.class);
        assertThat(hasFrame(r.getSuppressed()[0], "otherRuntimeExceptionsKeepTheirTypeAndGetTheCallersStackAsSuppressed"))
                .isTrue();
    }

    @Test
    void asyncFailuresCarryTheCallSiteOnlyWhenTheDebugOptionIsOn() {
        server.onMethod("bad", p -> {
            throw new DdpException(400, "nope");
        });
        connectFast();
        Throwable off = failure(client.call("bad", params()));
        assertThat(off.getSuppressed()).isEmpty();
        boolean before = PendingCalls.recordCallSites;
        PendingCalls.recordCallSites = true;
        try {
            Throwable on = failure(client.call("bad", params()));
            assertThat(on).isExactlyInstanceOf(DdpException.class).hasMessage("nope [400]");
            assertThat(on.getSuppressed()).hasSize(1);
            Throwable site = on.getSuppressed()[0];
            assertThat(site).isInstanceOf(PendingCalls.CallSite.class).hasMessageContaining("'bad'");
            assertThat(hasFrame(site, "asyncFailuresCarryTheCallSiteOnlyWhenTheDebugOptionIsOn")).isTrue();
        } finally {
            PendingCalls.recordCallSites = before;
        }
    }
}
