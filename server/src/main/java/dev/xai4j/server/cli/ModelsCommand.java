package dev.xai4j.server.cli;

import dev.xai4j.explain.Explainer;
import dev.xai4j.explain.ExplainerRegistry;
import dev.xai4j.explain.ParameterSpec;
import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.VisionModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code xai models}: the models usable by name, and the explanation methods. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the models usable by name (the embedded defaults, configured ones, the models folder) "
                + "and the explanation methods with their parameters.")
final class ModelsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--models-dir", paramLabel = "<dir>", description = "A folder of checkpoint folders to list too")
    Path modelsDir;

    @Option(names = "--no-load", description = "Only names and paths: do not load the models to describe them")
    boolean noLoad;

    @Override
    public Integer call() {
        CliSettings settings = CliSettings.load(modelsDir);
        PrintWriter out = spec.commandLine().getOut();
        ExplainerRegistry registry = ExplainerRegistry.load();
        out.println("Models (default: " + settings.defaultModel() + ")");
        for (Map.Entry<String, Path> e : settings.sources().all().entrySet()) {
            String marker = e.getKey().equals(settings.defaultModel()) ? "*" : " ";
            if (noLoad) {
                out.printf("%s %-20s %s%n", marker, e.getKey(), e.getValue());
                continue;
            }
            try (VisionModel vm = VisionModel.load(e.getValue())) {
                ModelInfo i = vm.info();
                out.printf("%s %-20s %-12s %-13s %4dx%-4d %5d classes  %s%n", marker, e.getKey(), i.family(), i.format(),
                        i.inputWidth(), i.inputHeight(), i.numClasses(), e.getValue());
                out.printf("  %-20s methods: %s%n", "", String.join(", ", registry.applicable(i).stream().map(Explainer::id).toList()));
            } catch (RuntimeException ex) {
                out.printf("%s %-20s cannot be loaded: %s%n", marker, e.getKey(), Failures.oneLine(ex.getMessage()));
            }
        }
        out.println();
        out.println("Explanation methods");
        for (Explainer x : registry.all()) {
            out.printf("  %-22s %s%n", x.id(), x.description());
            for (ParameterSpec p : x.parameters()) {
                out.printf("  %-22s   %s = %s  (%s%s)%n", "", p.name(), p.defaultValue(), p.type().name().toLowerCase(java.util.Locale.ROOT),
                        p.type() == ParameterSpec.Type.TEXT || p.type() == ParameterSpec.Type.BOOLEAN ? "" : ", " + p.allowed());
            }
        }
        out.flush();
        return 0;
    }
}
