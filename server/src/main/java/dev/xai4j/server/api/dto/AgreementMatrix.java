package dev.xai4j.server.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * How far the methods' maps of one image and target agree: Spearman's rank correlation of every
 * pair (maps of different sizes are compared on the finer grid; a constant map scores 0).
 *
 * @param target      the class the maps explain
 * @param targetLabel its label
 * @param methods     row and column labels
 * @param spearman    {@code spearman[i][j]} = ρ(map i, map j) ∈ [−1, 1]; symmetric, 1 on the diagonal
 */
@Schema(description = "Pairwise Spearman rank correlation of the maps of one image and target")
public record AgreementMatrix(
        @Schema(description = "Class the maps explain") int target,
        @Schema(description = "Its label") String targetLabel,
        @Schema(description = "Row and column labels (method ids)") List<String> methods,
        @Schema(description = "spearman[i][j] = rho(map i, map j) in [-1, 1]; symmetric, 1 on the diagonal") double[][] spearman) {
}
