package dev.xai4j.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code xai train}: fine-tuning of the default models; arrives with them. */
@Command(name = "train", description = "Train or fine-tune a model (not available yet: comes with the default models).")
final class TrainCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Unmatched
    List<String> ignored;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("xai train: not available yet; it comes with the default models");
        return 2;
    }
}
