package dev.xai4j.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code xai} command: subcommands only. */
@Command(name = "xai", mixinStandardHelpOptions = true, versionProvider = XaiCommand.Version.class,
        description = "Explains image classifiers (ViT, ResNet): attention maps, rollout, Grad-CAM, relevance.",
        subcommands = {PredictCommand.class, ExplainCommand.class, EvalCommand.class, TrainCommand.class, ScenesCommand.class,
                AnatomyCommand.class, ModelsCommand.class, ServeCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Run 'xai <command> --help' for a command's options."})
public final class XaiCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Parses and runs a command line; returns the exit code (0 success, 1 failure, 2 usage error). */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #run(String...)}, writing to the given streams. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new XaiCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new Failures());
        cl.setParameterExceptionHandler((e, a) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("xai: " + e.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return 2;
        });
        return cl.execute(args);
    }

    /** Reports the version of the application jar. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = XaiCommand.class.getPackage().getImplementationVersion();
            return new String[]{"xai " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
