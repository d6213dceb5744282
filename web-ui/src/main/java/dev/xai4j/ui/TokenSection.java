package dev.xai4j.ui;

/** The CLS token's state across the blocks (PCA path and norm), and the image cut into its patches. */
final class TokenSection extends AnatomySection {

    private static final long serialVersionUID = 1L;

    TokenSection(PendingWork work) {
        super("token-section", "CLS token and patches",
                "The CLS token's state after the embeddings and after each block, on its first two principal "
                        + "components and as its norm; and the image cut into its patches.", work);
        layout(null,
                figure("cls-path", "cls-path", "path of the CLS token through the blocks on its first two principal components"),
                figure("cls-norms", "cls-norms", "norm of the CLS token after the embeddings and after each block"),
                figure("patch-grid", "patch-grid", "the model's view of the image cut into its patches"));
    }

    @Override
    void shown(AnatomyBackend.Anatomy a) {
        // every figure comes drawn
    }
}
