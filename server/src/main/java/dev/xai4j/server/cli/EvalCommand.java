package dev.xai4j.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code xai eval}: faithfulness metrics; arrives with the default models. */
@Command(name = "eval", description = "Evaluate explanation methods (not available yet: comes with the default models).")
final class EvalCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Unmatched
    List<String> ignored;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("xai eval: not available yet; it comes with the default models "
                + "(use 'xai explain' meanwhile)");
        return 2;
    }
}
