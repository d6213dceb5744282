package dev.xai4j.server.cli;

import dev.xai4j.data.SceneGenerator;
import dev.xai4j.eval.ProgressListener;
import dev.xai4j.eval.SceneFolder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code xai scenes}: writes generated scenes with their object masks to a folder. */
@Command(name = "scenes", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write N generated scenes with their masks: images/NAME.png, masks/NAME.png (white = object), labels.csv.")
final class ScenesCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-n", "--count"}, required = true, description = "Scenes to write")
    int count;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "<dir>", description = "Folder to write")
    Path out;

    @Option(names = "--seed", defaultValue = "7", description = "Generator seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--size", defaultValue = "224", description = "Image size in pixels (default ${DEFAULT-VALUE})")
    int size;

    @Override
    public Integer call() {
        if (count < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--count must be at least 1, got " + count);
        }
        SceneFolder.write(out, new SceneGenerator(seed, size), count, ProgressListener.NONE);
        spec.commandLine().getOut().println("wrote " + count + " scenes to " + out);
        return 0;
    }
}
