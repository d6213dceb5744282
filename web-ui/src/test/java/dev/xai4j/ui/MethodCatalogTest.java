package dev.xai4j.ui;

import dev.xai4j.model.Architecture;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MethodCatalogTest {

    private static final List<String> VIT = List.of("cls-attention", "attention-rollout", "grad-cam", "chefer-relevance",
            "gradient", "input-x-gradient", "integrated-gradients", "smoothgrad", "attnlrp", "cp-lrp");

    @Test
    void theLrpStyleTileRunsAttnLrpFirstWithCheferSelectable() {
        MethodCatalog.Kind lrp = MethodCatalog.kinds(VIT).stream().filter(k -> k.key().equals("lrp-style")).findFirst().orElseThrow();
        assertEquals("LRP-style relevance", lrp.title());
        assertEquals(List.of("attnlrp", "cp-lrp", "chefer-relevance"), lrp.variants());
    }

    @Test
    void variantsThatDoNotApplyAreLeftOut() {
        MethodCatalog.Kind lrp = MethodCatalog.kinds(List.of("chefer-relevance", "grad-cam")).get(0);
        assertEquals(List.of("chefer-relevance"), lrp.variants());
    }

    @Test
    void defaultTilesPerArchitecture() {
        assertEquals(List.of("cls-attention", "lrp-style", "grad-cam", "attention-rollout"), MethodCatalog.defaults(Architecture.VIT));
        assertEquals(List.of("grad-cam", "cam", "input-x-gradient", "integrated-gradients"),
                MethodCatalog.defaults(Architecture.RESNET));
    }

    @Test
    void unknownMethodsBecomeTilesOfTheirOwn() {
        List<MethodCatalog.Kind> kinds = MethodCatalog.kinds(List.of("grad-cam", "my-method"));
        assertEquals(List.of("grad-cam", "my-method"), kinds.stream().map(MethodCatalog.Kind::key).toList());
        assertEquals(List.of("my-method"), kinds.get(1).variants());
    }
}
