package dev.xai4j.examples;

import dev.xai4j.eval.Evaluation;
import dev.xai4j.eval.EvaluationSet;
import dev.xai4j.eval.EvaluationTable;
import dev.xai4j.eval.SceneFolder;
import dev.xai4j.explain.Explainer;
import dev.xai4j.explain.ExplainerRegistry;
import dev.xai4j.explain.MethodRequest;
import dev.xai4j.model.CheckpointException;
import dev.xai4j.model.VisionModel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Scores explanation methods on a folder of images with object masks and writes one CSV row per
 * method (plus a random-map baseline): pointing game, energy pointing game, IoU of the top 15 %,
 * deletion and insertion AUC, class discrimination, ms per image.
 *
 * <p>The folder is {@code labels.csv} (name,label), {@code images/NAME.png} and {@code masks/NAME.png}
 * (white object on black), as {@code xai scenes --count 20 --out scenes} writes it; labels are class
 * names of the model.
 *
 * <pre>java -cp examples/target/xai4j-examples.jar dev.xai4j.examples.EvaluateFolder MODEL FOLDER OUT.csv [method,...]</pre>
 */
public final class EvaluateFolder {

    private EvaluateFolder() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the example; returns the process exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 3 || args.length > 4) {
            err.println("usage: EvaluateFolder <checkpoint-folder> <scene-folder> <out.csv> [method,...]");
            return 2;
        }
        try (VisionModel model = VisionModel.load(Path.of(args[0]))) {
            EvaluationSet set = SceneFolder.read(Path.of(args[1]), model.info().labels());
            List<MethodRequest> methods = args.length == 4
                    ? Arrays.stream(args[3].split(",")).map(String::trim).map(MethodRequest::of).toList()
                    : ExplainerRegistry.load().defaults(model.info()).stream().map(Explainer::id)
                            .map(MethodRequest::of).toList();
            EvaluationTable table = new Evaluation().run(model, set, methods,
                    (done, total) -> err.printf("\r%d/%d samples", done, total));
            err.println();
            Path csv = Path.of(args[2]);
            Files.writeString(csv, table.toCsv(), StandardCharsets.UTF_8);
            out.print(table.toMarkdown());
            out.println("wrote " + csv);
            return 0;
        } catch (CheckpointException | IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) { // a malformed folder, an unknown label or method
            err.println("error: " + e.getMessage());
            return 2;
        }
    }
}
