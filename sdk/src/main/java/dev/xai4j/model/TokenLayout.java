package dev.xai4j.model;

/**
 * How a ViT lays out its token sequence: the prefix tokens (CLS, DeiT's distillation token,
 * register tokens), then the patch tokens row-major over a {@code gridHeight × gridWidth} grid.
 *
 * @param classToken        whether token 0 is a CLS token
 * @param distillationToken whether a DeiT distillation token follows the CLS token
 * @param registerTokens    number of register tokens after those
 * @param gridHeight        patch rows
 * @param gridWidth         patch columns
 */
public record TokenLayout(boolean classToken, boolean distillationToken, int registerTokens,
                          int gridHeight, int gridWidth) {

    public TokenLayout {
        if (gridHeight <= 0 || gridWidth <= 0 || registerTokens < 0) {
            throw new IllegalArgumentException("bad token layout " + gridHeight + "x" + gridWidth
                    + ", registers " + registerTokens);
        }
    }

    /** Tokens before the first patch token. */
    public int prefixTokens() {
        return (classToken ? 1 : 0) + (distillationToken ? 1 : 0) + registerTokens;
    }

    /** Patch tokens. */
    public int patchTokens() {
        return gridHeight * gridWidth;
    }

    /** Sequence length N. */
    public int tokenCount() {
        return prefixTokens() + patchTokens();
    }

    /** A short name for token {@code i}: {@code CLS}, {@code DIST}, {@code REG1}, or {@code r,c} of a patch. */
    public String tokenName(int i) {
        int p = 0;
        if (classToken && i == p++) {
            return "CLS";
        }
        if (distillationToken && i == p++) {
            return "DIST";
        }
        if (i < prefixTokens()) {
            return "REG" + (i - p);
        }
        int k = i - prefixTokens();
        if (k >= patchTokens()) {
            throw new IndexOutOfBoundsException("token " + i + " of " + tokenCount());
        }
        return (k / gridWidth) + "," + (k % gridWidth);
    }
}
