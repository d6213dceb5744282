package dev.xai4j.anatomy;

import dev.xai4j.explain.PrincipalComponents;

import java.util.List;

/** Two-component PCA (formulas in {@link PcaProjection}), computed by {@link PrincipalComponents}. */
final class Pca {

    private Pca() {
    }

    static PcaProjection project(double[][] rows, List<String> labels) {
        PrincipalComponents.Projection p = PrincipalComponents.of(rows, 2);
        return new PcaProjection(labels, p.coordinates()[0], p.coordinates()[1], p.varianceRatio());
    }
}
