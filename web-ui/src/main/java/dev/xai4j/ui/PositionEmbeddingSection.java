package dev.xai4j.ui;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Image;
import dev.xai4j.anatomy.AnatomyFigures;
import dev.xai4j.model.TokenLayout;

import java.util.stream.IntStream;

/**
 * The learned position embeddings: the cosine similarity of every patch's with all others, one chosen
 * patch's large ({@code #similarity-patch}, drawn again off the UI thread), and their first two
 * principal components coloured by patch row and column.
 */
final class PositionEmbeddingSection extends AnatomySection {

    private static final long serialVersionUID = 1L;

    private final ComboBox<Integer> patch = new ComboBox<>();
    private final Image similarity;

    PositionEmbeddingSection(PendingWork work) {
        super("position-section", "Position embeddings",
                "Cosine similarity of the learned position embeddings, and their first two principal components "
                        + "coloured by patch row and column: a learned 2-D layout shows as ordered bands.", work);
        Image grid = figure("similarity-grid", "position-similarity-grid",
                "grid of small maps: each patch's position-embedding similarity to every other patch");
        similarity = figure("similarity-patch", "position-similarity-patch{patch}",
                "position-embedding similarity of the chosen patch to every patch");
        Image pca = figure("position-pca", "position-pca",
                "the position embeddings on their first two principal components, coloured by patch row and column");
        tokenBox(patch, "similarity-patch", "Patch");
        patch.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                redraw(similarity, "similarity-patch", e.getValue(), patch::getValue, AnatomyFigures::positionSimilarity);
            }
        });
        layout(null, grid, chosen(Blocks.labelled("Similarity to patch", patch), similarity), pca);
    }

    @Override
    void shown(AnatomyBackend.Anatomy a) {
        TokenLayout t = a.views().tokens();
        tokenChoice(patch, IntStream.range(0, t.patchTokens()).boxed().toList(), k -> t.tokenName(t.prefixTokens() + k),
                t.patchTokens(), centrePatch(t));
    }
}
