package dev.xai4j.examples;

import dev.xai4j.explain.ExplainRequest;
import dev.xai4j.explain.ExplainResult;
import dev.xai4j.explain.Explanation;
import dev.xai4j.explain.ExplanationEngine;
import dev.xai4j.explain.ImageExplanations;
import dev.xai4j.explain.MethodRequest;
import dev.xai4j.explain.Target;
import dev.xai4j.image.ImageDecoder;
import dev.xai4j.image.InvalidImageException;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.CheckpointException;
import dev.xai4j.model.VisionModel;
import dev.xai4j.render.Panel;
import dev.xai4j.render.RenderOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Explains one image with the four methods of the comparison page (CLS attention, attention
 * rollout, Grad-CAM, gradient-weighted attention relevance) and writes them side by side as one PNG.
 * All four come from one forward and one backward pass, which the program prints.
 *
 * <pre>java -cp examples/target/xai4j-examples.jar dev.xai4j.examples.ComparePanel MODEL IMAGE OUT.png</pre>
 */
public final class ComparePanel {

    /** The methods of the comparison page, in its order. */
    static final List<String> METHODS = List.of("cls-attention", "attention-rollout", "grad-cam", "chefer-relevance");

    private ComparePanel() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the example; returns the process exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 3) {
            err.println("usage: ComparePanel <vit-checkpoint-folder> <image> <out.png>");
            return 2;
        }
        try (VisionModel model = VisionModel.load(Path.of(args[0]))) {
            RgbImage image = new ImageDecoder().read(Path.of(args[1]));
            List<MethodRequest> methods = METHODS.stream().map(MethodRequest::of).toList();
            ExplainResult result = new ExplanationEngine().explain(model,
                    new ExplainRequest(List.of(image), Target.top(), methods, 5));
            ImageExplanations explained = result.images().get(0);

            List<Panel.Tile> tiles = new ArrayList<>();
            for (Explanation e : explained.explanations()) {
                tiles.add(new Panel.Tile(e.method(), String.format("%.1f ms", e.methodNanos() / 1e6), e.map()));
            }
            Path target = Path.of(args[2]);
            Files.write(target, Panel.png(image, tiles, RenderOptions.DEFAULT));

            out.printf("%s: %s (%.1f%%)%n", args[1], explained.prediction().best().label(),
                    100 * explained.prediction().best().probability());
            out.printf("%d forward and %d backward pass(es) for %d methods, %.1f ms%n", result.forwardPasses(),
                    result.backwardPasses(), methods.size(), result.passNanos() / 1e6);
            out.println("wrote " + target);
            return 0;
        } catch (CheckpointException | InvalidImageException | IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) { // a method that does not apply, e.g. rollout on a ResNet
            err.println("error: " + e.getMessage());
            return 2;
        }
    }
}
