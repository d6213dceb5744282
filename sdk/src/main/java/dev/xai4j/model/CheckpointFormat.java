package dev.xai4j.model;

/** Where a model's weights came from; detected from a checkpoint folder's content. */
public enum CheckpointFormat {
    /** Hugging Face {@code ViTForImageClassification} / DeiT: {@code config.json}, {@code preprocessor_config.json}, {@code model.safetensors}. */
    HUGGING_FACE_VIT,
    /** timm ViT/DeiT/DINOv2: {@code config.json} with {@code architecture}, {@code model_args}, {@code pretrained_cfg}; fused {@code qkv}. */
    TIMM_VIT,
    /** torchvision or timm ResNet: {@code conv1}, {@code bn1}, {@code layer1..4}, {@code fc}. */
    TORCHVISION_RESNET,
    /** torchvision ConvNeXt: {@code features.N} stem, downsampling layers and stages ({@code layer_scale}, {@code block.K}), {@code classifier.0|2}. */
    TORCHVISION_CONVNEXT,
    /** timm ConvNeXt: {@code stem.0|1}, {@code stages.s.downsample|blocks}, {@code head.norm|fc}. */
    TIMM_CONVNEXT,
    /** torchvision EfficientNet (MBConv): {@code features.N.j.block.K}, {@code classifier.1}. */
    TORCHVISION_EFFICIENTNET,
    /** Random weights from a configuration alone (for measuring speed and memory). */
    RANDOM
}
