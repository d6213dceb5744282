package dev.xai4j.model;

/** The network families the SDK builds graphs for. */
public enum Architecture {
    /** Vision Transformer (ViT, DeiT): patch tokens, a CLS token, self-attention blocks. */
    VIT,
    /** Residual convolutional network (ResNet with basic or bottleneck blocks). */
    RESNET
}
