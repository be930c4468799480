package io.github.meteorjob.ddp;

/**
 * A snapshot of a connection's counters since the client was created.
 *
 * @param callsSent        method frames sent (re-sends count again)
 * @param results          {@code result} frames that completed a call successfully
 * @param errors           {@code result} frames carrying an error
 * @param timeouts         calls failed by their timeout
 * @param malformedFrames  frames that were not a JSON object
 * @param unknownMessages  frames with an unknown or missing-but-required {@code msg}, or missing required fields
 * @param unknownResultIds {@code result} frames for no outstanding call
 * @param oversizedFrames  frames larger than the configured maximum, dropped
 * @param reconnects       successful reconnections
 * @param pingsSent        pings sent by the client
 * @param pingsReceived    pings received from the server (each answered with a pong)
 */
public record DdpStats(long callsSent, long results, long errors, long timeouts, long malformedFrames,
                       long unknownMessages, long unknownResultIds, long oversizedFrames, long reconnects,
                       long pingsSent, long pingsReceived) {
}
