package dev.xai4j.explain;

import java.util.Objects;

/**
 * Which attention of a layer a view shows: one head {@code h} ({@code A[h]}), or all heads fused
 * element by element ({@link HeadFusion}). Exactly one of {@code head ≥ 0} and {@code fusion} is set.
 *
 * @param head   the head index, or −1 when the heads are fused
 * @param fusion the fusion, or null when one head is chosen
 */
public record HeadSelection(int head, HeadFusion fusion) {

    /** All heads averaged: the usual "layer attention". */
    public static final HeadSelection MEAN = new HeadSelection(-1, HeadFusion.MEAN);

    public HeadSelection {
        if ((head >= 0) == (fusion != null)) {
            throw new IllegalArgumentException("choose either one head (≥ 0) or a fusion, got head " + head
                    + " and fusion " + fusion);
        }
    }

    /** Head {@code h} alone. */
    public static HeadSelection head(int h) {
        if (h < 0) {
            throw new IllegalArgumentException("head index must be ≥ 0, got " + h);
        }
        return new HeadSelection(h, null);
    }

    /** All heads fused with {@code fusion}. */
    public static HeadSelection fused(HeadFusion fusion) {
        return new HeadSelection(-1, Objects.requireNonNull(fusion, "fusion"));
    }

    /**
     * Parses {@code "mean"}, {@code "max"}, {@code "min"} or a head index such as {@code "3"}, the
     * way an API parameter is written.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static HeadSelection parse(String text) {
        String t = Objects.requireNonNull(text, "text").trim();
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            try {
                return head(Integer.parseInt(t));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("head index out of range: " + t);
            }
        }
        return fused(HeadFusion.parse(t));
    }

    /** Whether the heads are fused rather than one chosen. */
    public boolean isFused() {
        return fusion != null;
    }

    /**
     * The chosen N × N matrix of one layer, row-major: {@code A[head]} itself, or
     * {@link HeadFusion#fuse(float[], int, int)} of all heads. {@code attention} holds {@code A[h,i,j]}
     * heads first ({@code [H, N, N]} row-major).
     *
     * @throws IllegalArgumentException if the chosen head is not below {@code heads}
     */
    public double[] select(float[] attention, int heads, int n) {
        if (isFused()) {
            return fusion.fuse(attention, heads, n);
        }
        if (head >= heads) {
            throw new IllegalArgumentException("head " + head + " outside [0, " + heads + ")");
        }
        int nn = n * n;
        double[] out = new double[nn];
        for (int i = 0; i < nn; i++) {
            out[i] = attention[head * nn + i];
        }
        return out;
    }

    /** A caption fragment: {@code "head 3"} or {@code "heads fused: mean"}. */
    public String label() {
        return isFused() ? "heads fused: " + fusion.label() : "head " + head;
    }

    @Override
    public String toString() {
        return isFused() ? fusion.label() : Integer.toString(head);
    }
}
