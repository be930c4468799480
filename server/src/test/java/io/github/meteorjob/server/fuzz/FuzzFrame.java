package io.github.meteorjob.server.fuzz;

/**
 * One generated input: the text of a WebSocket frame (sent as a binary frame when {@code binary}),
 * what the server owes for it, and a label naming the generator that made it (for reports).
 * The text may hold {@link #ID} where the fuzzer puts a per-frame unique id prefix, so answers
 * can be told apart.
 *
 * @param answers how many answers the frame must get: {@code [1, 1]} for a method frame,
 *                {@code [1, 2]} for a frame holding two method messages, {@code [0, ∞)} otherwise
 */
record FuzzFrame(String text, boolean binary, Answers answers, String label) {

    /** Placeholder for the unique id prefix of this frame. */
    static final String ID = "@ID@";

    /** What a frame must be answered with. */
    enum Answers {
        /** A {@code method} message (well formed or not): exactly one {@code result} or {@code error}. */
        ONE,
        /** Two method messages in one frame: one answer for the frame, or one for each. */
        ONE_OR_TWO,
        /** Anything else: no answer is owed, but the connection must keep serving. */
        ANY
    }

    FuzzFrame withLabel(String more) {
        return new FuzzFrame(text, binary, answers, label + "+" + more);
    }

    /** The text with the id placeholder filled in. */
    String text(String idPrefix) {
        return text.replace(ID, idPrefix);
    }
}
