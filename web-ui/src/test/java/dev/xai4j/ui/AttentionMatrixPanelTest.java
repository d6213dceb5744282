package dev.xai4j.ui;

import com.vaadin.flow.dom.Element;
import dev.xai4j.anatomy.AttentionMatrix;
import dev.xai4j.explain.HeadSelection;
import dev.xai4j.model.TokenLayout;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The matrix panel's elements, without a browser: values as text for small N, thinned labels, rows. */
class AttentionMatrixPanelTest {

    /** A row-stochastic N × N matrix with distinct entries. */
    private static AttentionMatrix matrix(TokenLayout t, HeadSelection heads) {
        int n = t.tokenCount();
        float[] v = new float[n * n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += 1 + i + 2 * j;
            }
            for (int j = 0; j < n; j++) {
                v[i * n + j] = (float) ((1 + i + 2 * j) / sum);
            }
        }
        return new AttentionMatrix(2, heads, t, v);
    }

    private static List<Element> withClass(Element root, String cls) {
        List<Element> out = new ArrayList<>();
        root.getChildren().forEach(c -> {
            if (c.getClassList().contains(cls)) {
                out.add(c);
            }
            out.addAll(withClass(c, cls));
        });
        return out;
    }

    @Test
    void aSmallMatrixWritesEveryValueInItsCellWithATooltip() {
        TokenLayout t = new TokenLayout(true, false, 1, 2, 2); // CLS, REG0, four patches
        AttentionMatrix m = matrix(t, HeadSelection.head(1));
        AttentionMatrixPanel panel = new AttentionMatrixPanel(row -> { });
        panel.show(m, 0);

        List<Element> cells = withClass(panel.getElement(), "xai-matrix-cell");
        assertEquals(36, cells.size());
        Element cell = cells.get(2 * 6 + 3); // query 0,0 (token 2), key 0,1 (token 3)
        assertEquals(String.format(Locale.ROOT, "%.2f", m.get(2, 3)), cell.getText());
        assertEquals("query 0,0 → key 0,1: " + Pictures.number(m.get(2, 3)), cell.getAttribute("title"));

        List<String> labels = withClass(panel.getElement(), "xai-matrix-label").stream().map(Element::getText).toList();
        // the column labels, then the row labels
        assertEquals(List.of("CLS", "REG0", "0,0", "0,1", "1,0", "1,1", "CLS", "REG0", "0,0", "0,1", "1,0", "1,1"), labels,
                "every token on both axes");
        assertEquals("6", panel.getElement().getAttribute("data-size"));
        assertEquals("2", panel.getElement().getAttribute("data-layer"));
        assertEquals("1", panel.getElement().getAttribute("data-heads"));
        assertEquals("0", panel.getElement().getAttribute("data-query"));
    }

    @Test
    void aLargeMatrixThinsItsLabelsAndLeavesValuesToThePointer() {
        TokenLayout t = new TokenLayout(true, false, 0, 8, 8); // the fixture ViT: 65 tokens
        AttentionMatrixPanel panel = new AttentionMatrixPanel(row -> { });
        panel.show(matrix(t, HeadSelection.MEAN), 0);

        assertTrue(withClass(panel.getElement(), "xai-matrix-cell").isEmpty(), "no value cells above N = 20");
        List<String> labels = withClass(panel.getElement(), "xai-matrix-label").stream().map(Element::getText).toList();
        // 480 px over 65 rows is 7.4 px a row: every second token, CLS first
        assertEquals(2 * 33, labels.size());
        assertEquals("CLS", labels.get(0));
        assertEquals("0,1", labels.get(1), "token 2 is patch 1");
        assertEquals("CLS", labels.get(33));
        assertEquals("mean", panel.getElement().getAttribute("data-heads"));
        assertEquals(5, AttentionMatrixPanel.labelStep(197), "ViT-B/16");
        assertEquals(1, AttentionMatrixPanel.labelStep(20));
    }

    @Test
    void aClickPicksTheRowUnderItAndTheSelectedRowIsMarked() {
        TokenLayout t = new TokenLayout(true, false, 0, 8, 8);
        AttentionMatrixPanel panel = new AttentionMatrixPanel(row -> { });
        panel.show(matrix(t, HeadSelection.MEAN), 0);
        assertEquals(0, panel.rowAt(0.001));
        assertEquals(10, panel.rowAt(10.5 / 65));
        assertEquals(64, panel.rowAt(1.0), "the bottom edge is the last row");
        assertEquals(0, panel.rowAt(-0.2));

        panel.select(10);
        assertEquals("10", panel.getElement().getAttribute("data-query"));
        Element mark = withTestId(panel.getElement(), "matrix-row");
        assertEquals("15.3846%", mark.getStyle().get("top"));
        assertFalse(mark.getStyle().get("height").isEmpty());
    }

    private static Element withTestId(Element root, String id) {
        return root.getChildren().map(c -> id.equals(c.getAttribute("data-testid")) ? c : withTestId(c, id))
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }
}
