package dev.xai4j.examples;

import dev.xai4j.image.ImageDecoder;
import dev.xai4j.image.InvalidImageException;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.CheckpointException;
import dev.xai4j.model.Prediction;
import dev.xai4j.model.VisionModel;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Loads a checkpoint folder (Hugging Face ViT, timm ViT or torchvision ResNet) and prints the five
 * most probable classes of an image.
 *
 * <pre>java -jar examples/target/xai4j-examples.jar fixtures/models/vit-tiny-hf fixtures/images/vit-a.png</pre>
 */
public final class PredictTopFive {

    private PredictTopFive() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the example; returns the process exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2) {
            err.println("usage: PredictTopFive <checkpoint-folder> <image>");
            return 2;
        }
        try (VisionModel model = VisionModel.load(Path.of(args[0]))) {
            RgbImage image = new ImageDecoder().read(Path.of(args[1]));
            Prediction p = model.predict(image, 5);
            out.printf("%s (%s, %s) on %s%n", model.info().name(), model.info().family(), model.info().format(), args[1]);
            for (Prediction.ClassScore c : p.top()) {
                out.printf("  %-20s %6.2f%%  (logit %.4f)%n", c.label(), 100 * c.probability(), c.logit());
            }
            return 0;
        } catch (CheckpointException | InvalidImageException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
