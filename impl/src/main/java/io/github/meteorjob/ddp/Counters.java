package io.github.meteorjob.ddp;

import java.util.concurrent.atomic.LongAdder;

/** The connection's counters, written from any thread without locks; {@link #snapshot()} reads them. */
final class Counters {
    final LongAdder callsSent = new LongAdder();
    final LongAdder results = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder malformedFrames = new LongAdder();
    final LongAdder unknownMessages = new LongAdder();
    final LongAdder unknownResultIds = new LongAdder();
    final LongAdder oversizedFrames = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final LongAdder pingsSent = new LongAdder();
    final LongAdder pingsReceived = new LongAdder();

    DdpStats snapshot() {
        return new DdpStats(callsSent.sum(), results.sum(), errors.sum(), timeouts.sum(), malformedFrames.sum(),
                unknownMessages.sum(), unknownResultIds.sum(), oversizedFrames.sum(), reconnects.sum(),
                pingsSent.sum(), pingsReceived.sum());
    }
}
