package dev.xai4j.server.models;

import dev.xai4j.Fixtures;
import dev.xai4j.model.SafetensorsFile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Model discovery (configured names, the models folder) and the memory estimate. */
class ModelSourcesTest {

    @Test
    void configuredModelsComeFirstThenTheModelsFolder() {
        Path models = Fixtures.root().resolve("models");
        ModelSources s = ModelSources.discover(Map.of("vit-tiny", models.resolve("vit-tiny-hf")), Optional.of(models));
        // the configured name, then every checkpoint folder of the fixtures by name
        assertEquals(java.util.List.of("vit-tiny", "convnext-tiny-timm", "convnext-tiny-tv", "dinov2-tiny-timm",
                "efficientnet-tiny-tv", "resnet-tiny-basic", "resnet-tiny-bottleneck", "swin-tiny-tv", "vit-tiny-hf",
                "vit-tiny-timm"), s.names());
        assertTrue(s.path("vit-tiny").orElseThrow().isAbsolute());
        assertTrue(s.contains("resnet-tiny-bottleneck"));
    }

    @Test
    void aMissingModelsFolderIsAnError() {
        assertThrows(IllegalArgumentException.class,
                () -> ModelSources.discover(Map.of(), Optional.of(Path.of("no-such-folder"))));
    }

    @Test
    void estimatesParametersTimesFourBytesTimesTheOverhead() {
        Path vit = Fixtures.model("vit-tiny-hf");
        long parameters = 0;
        try (SafetensorsFile f = SafetensorsFile.open(vit.resolve("model.safetensors"))) {
            for (String n : f.names()) {
                parameters += f.entry(n).elementCount();
            }
        }
        assertEquals(parameters * 4 * 3, ModelSize.estimate(vit, 3));
    }
}
