package io.github.meteorjob.ddp;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The link generation a call or subscription was last sent on, so that it goes out at most once per
 * link even when the caller and a link becoming ready try to send it at the same time.
 */
final class SentOnLink {

    private final AtomicInteger gen = new AtomicInteger();

    /** True exactly once per link generation: the caller that gets true sends. */
    boolean mark(int linkGen) {
        int g;
        do {
            g = gen.get();
            if (g == linkGen) {
                return false;
            }
        } while (!gen.compareAndSet(g, linkGen));
        return true;
    }

    /** The generation of the link it was last sent on; 0 when never sent. */
    int gen() {
        return gen.get();
    }
}
