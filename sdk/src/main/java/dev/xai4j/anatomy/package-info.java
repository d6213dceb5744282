/**
 * ViT anatomy: the classic inside views of a Vision Transformer for one image, from one forward pass.
 *
 * <p>{@link dev.xai4j.anatomy.ViTAnatomy} holds the data: CLS attention per layer and head, full
 * attention matrices (one head or fused heads) and their query rows as maps, mean attention distance
 * per layer and head ({@code Σ_j A[i,j]·d(i,j)} over patch keys, averaged over patch queries, in
 * pixels) with its per-layer and shallow/deep summary, cosine similarity of the patches' position
 * embeddings and their two-component PCA, and the CLS token's norm and PCA path across the blocks.
 * {@link dev.xai4j.anatomy.AnatomyFigures} draws each of them as a PNG. Which head or fusion of heads a
 * view shows is a {@link dev.xai4j.explain.HeadSelection}, the same choice (and the same arithmetic)
 * as the attention explainers'.
 *
 * <p>The views need self-attention and a CLS token: asking for them on a ResNet throws
 * {@link java.lang.IllegalArgumentException} ("anatomy views need a ViT; model X is a RESNET").
 */
package dev.xai4j.anatomy;
