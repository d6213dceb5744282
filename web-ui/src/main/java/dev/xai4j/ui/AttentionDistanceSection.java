package dev.xai4j.ui;

/**
 * Mean attention distance: per head (scatter and table), per layer with its spread over the heads, and
 * the shallow third of the layers against the deep third.
 */
final class AttentionDistanceSection extends AnatomySection {

    private static final long serialVersionUID = 1L;

    AttentionDistanceSection(PendingWork work) {
        super("distance-section", "Attention distance",
                "Mean distance in pixels between a patch and the patches it attends to: local heads stay small, "
                        + "global heads grow with depth.", work);
        layout(null,
                figure("distance-scatter", "attention-distance-scatter",
                        "scatter of the mean attention distance of every head, in pixels, against its layer"),
                figure("distance-curve", "attention-distance-curve",
                        "mean attention distance per layer with its spread over the heads"),
                figure("distance-bars", "attention-distance-bars",
                        "bars of the mean attention distance of the shallow and the deep third of the layers"),
                figure("distance-table", "attention-distance-table",
                        "table of the mean attention distance in pixels, one row per layer, one column per head"));
    }

    @Override
    void shown(AnatomyBackend.Anatomy a) {
        // every figure comes drawn
    }
}
