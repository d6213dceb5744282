package dev.xai4j.ui;

import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.select.Select;
import dev.xai4j.anatomy.AnatomyFigures;

import java.util.stream.IntStream;

/**
 * What the CLS token attends to: every layer with its heads averaged, and every head of a chosen layer
 * ({@code #heads-layer}), drawn again off the UI thread when the layer changes.
 */
final class ClsAttentionSection extends AnatomySection {

    private static final long serialVersionUID = 1L;

    private final Select<Integer> layer = new Select<>();
    private final Image heads;

    ClsAttentionSection(PendingWork work) {
        super("cls-section", "CLS attention",
                "What the CLS token attends to: every layer with its heads averaged, and every head of one layer.", work);
        Image layers = figure("layers-grid", "layers-mean",
                "CLS attention of every layer over the image, the heads averaged");
        heads = figure("heads-grid", "heads-layer{layer}", "CLS attention of every head of the chosen layer over the image");
        layer.setId("heads-layer");
        choice(layer, "Layer of the heads grid");
        layer.setItemLabelGenerator(l -> "layer " + l);
        layer.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                redraw(heads, "heads-grid", e.getValue(), layer::getValue, AnatomyFigures::headsGrid);
            }
        });
        layout(null, layers, chosen(Blocks.labelled("Every head of", layer), heads));
    }

    @Override
    void shown(AnatomyBackend.Anatomy a) {
        layer.setItems(IntStream.range(0, a.views().layers()).boxed().toList());
        layer.setValue(lastLayer(a.views()));
    }
}
