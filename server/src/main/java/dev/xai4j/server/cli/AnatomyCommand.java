package dev.xai4j.server.cli;

import dev.xai4j.image.ImageDecoder;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.VisionModel;
import dev.xai4j.server.api.dto.AnatomyResponse;
import dev.xai4j.server.api.dto.Timings;
import dev.xai4j.server.service.Anatomies;
import dev.xai4j.server.service.Results;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code xai anatomy}: the inside views of a ViT on one image, as the standard figures (one PNG each)
 * and {@code anatomy.json}, the same data as {@code POST /api/v1/anatomy} with the figures' file names.
 */
@Command(name = "anatomy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Look inside a ViT on one image: writes <out>/<figure>.png for the standard figures (heads and "
                + "layers grids, attention matrix and row, attention-distance scatter/table/curve/bars, position "
                + "similarity and PCA, CLS path and norms, patch grid) and <out>/anatomy.json (the data: CLS attention per "
                + "layer and head, attention matrix, attention distances, position similarity and PCA, CLS norms and path)."},
        footer = {"", "Examples:",
                "  xai anatomy --model vit-tiny cat.png --out anatomy/",
                "  xai anatomy --model ./my-vit --layer 0 --head 2 --query 5 --patch 0 cat.png --out anatomy/"})
final class AnatomyCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "<dir|name>",
            description = "Checkpoint folder of a ViT, or a model name (see 'xai models'); default: the default model")
    String model;

    @Option(names = "--layer", paramLabel = "<layer>",
            description = "Block of the attention matrix, row and heads grid; negative counts from the end (default: the last)")
    Integer layer;

    @Option(names = "--head", paramLabel = "mean|max|min|<index>",
            description = "Heads of the attention matrix and row: fused (mean, max, min) or one head (default: mean)")
    String head;

    @Option(names = "--query", paramLabel = "<token>",
            description = "Query token of the attention row (default: 0, the CLS token; patch k is token P + k)")
    Integer query;

    @Option(names = "--patch", paramLabel = "<k>",
            description = "Patch of the position-similarity map, row-major (default: the centre patch)")
    Integer patch;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "<dir>", description = "Output folder (created if needed)")
    Path out;

    @Option(names = "--models-dir", paramLabel = "<dir>", description = "A folder of checkpoint folders, usable by name")
    Path modelsDir;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on success")
    boolean quiet;

    @Parameters(arity = "1", paramLabel = "<image>", description = "The image (judged by content)")
    Path image;

    @Override
    public Integer call() {
        // the form of --head needs no model: a typo costs no load time
        Anatomies.heads(head);
        if (Files.isDirectory(image)) {
            throw new CliException("<image> " + image + " is a folder: anatomy takes one image file");
        }
        Path file = Inputs.images(List.of(image)).get(0);
        Path checkpoint = CliSettings.load(modelsDir).resolve(model);
        ExplainCommand.createFolder(out);
        long t0 = System.nanoTime();
        try (VisionModel vm = VisionModel.load(checkpoint)) {
            String name = vm.info().name();
            Anatomies.Selection s = Anatomies.select(name, vm.info(), layer, head, query, patch);
            long a = System.nanoTime();
            RgbImage img = new ImageDecoder().read(file);
            long b = System.nanoTime();
            Anatomies.Pass pass = Anatomies.run(vm, img);
            long c = System.nanoTime();
            Map<String, byte[]> pngs = Anatomies.figures(pass.anatomy(), s);
            for (Map.Entry<String, byte[]> e : pngs.entrySet()) {
                write(out.resolve(e.getKey() + ".png"), e.getValue());
            }
            long d = System.nanoTime();
            Timings timings = new Timings(0, Results.ms(b - a), Results.ms(c - b), Results.ms(d - c),
                    Results.ms(System.nanoTime() - t0));
            AnatomyResponse r = Anatomies.response(name, img, pass, s, Anatomies.map(pngs, e -> e.getKey() + ".png"),
                    timings);
            Path json = out.resolve("anatomy.json");
            write(json, ExplainCommand.JSON.writeValueAsBytesUnchecked(r));
            if (!quiet) {
                PrintWriter stdout = spec.commandLine().getOut();
                stdout.println(file + " (" + name + ", " + r.layers() + " layers × " + r.heads() + " heads, "
                        + r.tokens().size() + " tokens) → " + pngs.size() + " figures and " + json + " in " + out);
                stdout.flush();
            }
        }
        return 0;
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
