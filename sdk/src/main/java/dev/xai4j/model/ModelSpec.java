package dev.xai4j.model;

import dev.xai4j.image.Preprocessing;

import java.util.List;

/** Everything a loader learned about a model: enough to build its graph. */
record ModelSpec(String name, CheckpointFormat format, Architecture architecture, ViTConfig vit,
                 ResNetConfig resnet, List<String> labels, Preprocessing preprocessing, Weights weights) {
}
