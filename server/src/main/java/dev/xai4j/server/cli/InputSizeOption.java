package dev.xai4j.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --input-size}, shared by the commands that run a model: the side the model runs at. */
final class InputSizeOption {

    @Option(names = "--input-size", paramLabel = "<px>",
            description = "Run the model at <px>×<px> pixels instead of its checkpoint's size: images are resized to it "
                    + "as the model's preprocessing does (an image already <px>×<px> is used as it is); a ViT's position "
                    + "embeddings are resampled as timm does")
    Integer size;

    /**
     * The side, 0 for the checkpoint's own.
     *
     * @throws CommandLine.ParameterException if it is not positive
     */
    int value(CommandLine.Model.CommandSpec spec) {
        if (size == null) {
            return 0;
        }
        if (size < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--input-size must be positive, got " + size);
        }
        return size;
    }
}
