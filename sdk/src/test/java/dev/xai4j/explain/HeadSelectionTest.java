package dev.xai4j.explain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Head selection and fusion on a hand-written [3, 2, 2] attention tensor: every answer worked out by hand. */
class HeadSelectionTest {

    /**
     * Head h holds A[h] row-major. 0.2f and 0.8f are not exact binary fractions: the answers widen them
     * to double, as the fusion does, and compare exactly.
     */
    private static final float[] A = {
            0.5f, 0.5f, 0.25f, 0.75f,
            1.0f, 0.0f, 0.5f, 0.5f,
            0.0f, 1.0f, 0.2f, 0.8f};

    @Test
    void oneHeadIsThatHeadsMatrix() {
        assertArrayEquals(new double[]{1.0, 0.0, 0.5, 0.5}, HeadSelection.head(1).select(A, 3, 2));
    }

    @Test
    void fusionsAreElementwiseOverHeads() {
        double third = (double) 0.2f;
        assertArrayEquals(new double[]{0.5, 0.5, (0.25 + 0.5 + third) / 3, (0.75 + 0.5 + (double) 0.8f) / 3},
                HeadSelection.MEAN.select(A, 3, 2));
        assertArrayEquals(new double[]{1.0, 1.0, 0.5, (double) 0.8f}, HeadFusion.MAX.fuse(A, 3, 2));
        assertArrayEquals(new double[]{0.0, 0.0, third, 0.5}, HeadSelection.fused(HeadFusion.MIN).select(A, 3, 2));
    }

    @Test
    void aHeadOutOfRangeIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeadSelection.head(3).select(A, 3, 2));
        assertEquals("head 3 outside [0, 3)", e.getMessage());
    }

    @Test
    void labelsAreTheAcceptedParameterValues() {
        assertEquals(List.of("mean", "max", "min"), HeadFusion.labels());
        assertEquals(HeadFusion.MIN, HeadFusion.parse(" MIN "));
    }
}
