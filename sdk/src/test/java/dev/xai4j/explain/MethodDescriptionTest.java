package dev.xai4j.explain;

import dev.xai4j.Fixtures;
import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.VisionModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Methods describe themselves (names, defaults, parameter meanings), and former parameter names still work. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MethodDescriptionTest {

    private final ExplainerRegistry registry = ExplainerRegistry.load();
    private VisionModel vit;
    private VisionModel resnet;

    @BeforeAll
    void load() {
        vit = VisionModel.load(Fixtures.model("vit-tiny-hf"));
        resnet = VisionModel.load(Fixtures.model("resnet-tiny-basic"));
    }

    @AfterAll
    void close() {
        vit.close();
        resnet.close();
    }

    private List<String> defaults(ModelInfo m) {
        return registry.defaults(m).stream().map(Explainer::id).toList();
    }

    @Test
    void theDefaultMethodsFollowWhatTheModelHas() {
        assertEquals(List.of("cls-attention", "attnlrp", "grad-cam", "attention-rollout"), defaults(vit.info()));
        assertEquals(List.of("grad-cam", "cam", "input-x-gradient", "integrated-gradients"), defaults(resnet.info()));
    }

    @Test
    void everyBuiltInHasItsOwnDisplayNameAndTheAttentionMapsAreClassAgnostic() {
        Set<String> names = new HashSet<>();
        for (Explainer e : ExplainerRegistry.builtIns()) {
            assertNotEquals(e.id(), e.displayName(), e.id() + " has a display name of its own");
            assertTrue(names.add(e.displayName()), "display names are distinct: " + e.displayName());
        }
        assertFalse(registry.get("cls-attention").classSpecific());
        assertFalse(registry.get("attention-rollout").classSpecific());
        assertTrue(registry.get("grad-cam").classSpecific());
        assertEquals(registry.get("attnlrp").group(), registry.get("chefer-relevance").group());
        assertFalse(registry.get("integrated-gradients").singlePass());
        assertTrue(registry.get("grad-cam").singlePass());
    }

    @Test
    void parametersSayWhatTheyMean() {
        assertEquals(ParameterSpec.Meaning.BLOCK, spec("cls-attention", "block").meaning());
        assertEquals(ParameterSpec.Meaning.HEAD, spec("cls-attention", "head").meaning());
        assertEquals(ParameterSpec.Meaning.BLOCK, spec("attention-rollout", "start_block").meaning());
        assertEquals(ParameterSpec.Meaning.FEATURE_MAP, spec("grad-cam", "layer").meaning());
        assertEquals(ParameterSpec.Meaning.VALUE, spec("smoothgrad", "samples").meaning());
    }

    private ParameterSpec spec(String method, String name) {
        return registry.get(method).parameters().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void formerNamesAndWordsAreStillAccepted() {
        ExplanationEngine engine = new ExplanationEngine(registry);
        assertEquals(-2, engine.validate(vit.info(), new MethodRequest("cls-attention", Map.<String, Object>of("layer", -2))).integer("block"));
        assertEquals(1, engine.validate(vit.info(), new MethodRequest("attention-rollout", Map.<String, Object>of("start_layer", 1)))
                .integer("start_block"));
        assertEquals("pixels", engine.validate(resnet.info(), new MethodRequest("lrp", Map.<String, Object>of("layer", "input")))
                .text("resolution"));
        assertEquals("features", engine.validate(resnet.info(), new MethodRequest("lrp", Map.<String, Object>of("layer", "features")))
                .text("resolution"));
        ParameterException twice = assertThrows(ParameterException.class, () -> engine.validate(vit.info(),
                new MethodRequest("cls-attention", Map.<String, Object>of("layer", -1, "block", 0))));
        assertTrue(twice.getMessage().contains("given twice"), twice.getMessage());
    }

    @Test
    void gradCamReadsAnyFeatureMapByBlockOrName() {
        ExplanationEngine engine = new ExplanationEngine(registry);
        // a ResNet's block index stands for that block's output; names of feature maps work on either model
        Requirements last = registry.get("grad-cam").requirements(resnet.info(),
                engine.validate(resnet.info(), new MethodRequest("grad-cam", Map.<String, Object>of("layer", "-1"))));
        assertEquals(Set.of("layer4.0"), last.captures());
        Requirements named = registry.get("grad-cam").requirements(vit.info(),
                engine.validate(vit.info(), new MethodRequest("grad-cam", Map.<String, Object>of("layer", "blocks.1.norm1"))));
        assertEquals(Set.of("blocks.1.norm1"), named.captures());
        ParameterException e = assertThrows(ParameterException.class, () -> registry.get("grad-cam").requirements(vit.info(),
                engine.validate(vit.info(), new MethodRequest("grad-cam", Map.<String, Object>of("layer", "logits")))));
        assertTrue(e.getMessage().contains("nor a feature map"), e.getMessage());
    }
}
