package dev.xai4j.eval;

/** Told how far an evaluation is, for a progress bar. Called on the evaluating thread. */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores progress. */
    ProgressListener NONE = (done, total) -> { };

    /**
     * @param done  units finished so far (non-decreasing, ending at {@code total})
     * @param total units in all
     */
    void progress(int done, int total);
}
