package dev.xai4j.examples;

import dev.xai4j.explain.ExplainRequest;
import dev.xai4j.explain.ExplainResult;
import dev.xai4j.explain.Explanation;
import dev.xai4j.explain.ExplanationEngine;
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
import java.util.List;

/**
 * Runs the plug-in method {@link GradientGridExplainer} next to the built-in {@code gradient}: the
 * engine finds it through {@code META-INF/services}, by id, like any built-in, and both share one
 * backward pass. Writes the two maps as a PNG panel.
 *
 * <pre>java -cp examples/target/xai4j-examples.jar dev.xai4j.examples.CustomExplainerDemo MODEL IMAGE OUT.png</pre>
 */
public final class CustomExplainerDemo {

    private CustomExplainerDemo() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the example; returns the process exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 3) {
            err.println("usage: CustomExplainerDemo <checkpoint-folder> <image> <out.png>");
            return 2;
        }
        ExplanationEngine engine = new ExplanationEngine(); // built-ins + every explainer on the class path
        try (VisionModel model = VisionModel.load(Path.of(args[0]))) {
            RgbImage image = new ImageDecoder().read(Path.of(args[1]));
            ExplainResult result = engine.explain(model, new ExplainRequest(List.of(image), Target.top(),
                    List.of(MethodRequest.of("gradient"), MethodRequest.of(GradientGridExplainer.ID, "cell", 8)), 1));
            List<Explanation> maps = result.images().get(0).explanations();
            Explanation grid = result.images().get(0).get(GradientGridExplainer.ID);
            out.printf("%s: %s, a %d x %d map from %s; %d backward pass(es) for both methods%n",
                    grid.method(), engine.registry().get(GradientGridExplainer.ID).description(),
                    grid.map().height(), grid.map().width(), grid.parameters(), result.backwardPasses());
            Path target = Path.of(args[2]);
            Files.write(target, Panel.png(image, maps.stream().map(e -> new Panel.Tile(e.method(), e.map())).toList(),
                    RenderOptions.DEFAULT));
            out.println("wrote " + target);
            return 0;
        } catch (CheckpointException | InvalidImageException | IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
