package dev.xai4j.ui;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Tiles are formed from what the explainers say of themselves: their group, name and the default list. */
class MethodKindTest {

    private static ComparisonBackend.MethodInfo method(String id, String name, String group, boolean classSpecific) {
        return new ComparisonBackend.MethodInfo(id, name, id + " does something", classSpecific, group, List.of());
    }

    private static final ComparisonBackend.MethodInfo CHEFER = method("chefer-relevance", "Chefer", "relevance", true);
    private static final ComparisonBackend.MethodInfo CLS = method("cls-attention", "CLS attention", "cls-attention", false);
    private static final ComparisonBackend.MethodInfo GRAD_CAM = method("grad-cam", "Grad-CAM", "grad-cam", true);
    private static final ComparisonBackend.MethodInfo ATTN_LRP = method("attnlrp", "AttnLRP", "relevance", true);
    private static final ComparisonBackend.MethodInfo MINE = method("my-method", "Mine", "my-method", true);

    private static ComparisonBackend.ModelDetails model(List<String> defaults) {
        return new ComparisonBackend.ModelDetails("m", null, List.of(CLS, CHEFER, GRAD_CAM, ATTN_LRP, MINE), defaults);
    }

    @Test
    void oneTilePerGroupWithTheDefaultVariantFirst() {
        List<MethodKind> kinds = MethodKind.of(model(List.of("cls-attention", "attnlrp", "grad-cam")));
        assertEquals(List.of("cls-attention", "relevance", "grad-cam", "my-method"), kinds.stream().map(MethodKind::key).toList());
        MethodKind relevance = kinds.get(1);
        // AttnLRP is a default method, so the tile starts with it although Chefer comes first in the registry
        assertEquals(List.of("attnlrp", "chefer-relevance"),
                relevance.variants().stream().map(ComparisonBackend.MethodInfo::id).toList());
        assertEquals("AttnLRP", relevance.title());
        assertEquals("Mine", kinds.get(3).title(), "a third-party method is a tile titled by its own display name");
        assertFalse(kinds.get(0).first().classSpecific());
    }

    @Test
    void thePageOpensWithTheDefaultMethodsTilesInTheirOrder() {
        ComparisonBackend.ModelDetails m = model(List.of("grad-cam", "attnlrp"));
        List<MethodKind> kinds = MethodKind.of(m);
        assertEquals(List.of("grad-cam", "relevance"), MethodKind.defaults(m, kinds).stream().map(MethodKind::key).toList());
        assertEquals(List.of(), MethodKind.defaults(model(List.of()), kinds));
    }
}
